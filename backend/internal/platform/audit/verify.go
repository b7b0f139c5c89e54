package audit

import (
	"bytes"
	"context"
	"fmt"
)

// Problem is the first break found in the chain.
type Problem struct {
	RowID  int64
	Reason string
}

func (p *Problem) Error() string { return fmt.Sprintf("audit row %d: %s", p.RowID, p.Reason) }

// VerifyResult summarises a walk over the chain.
type VerifyResult struct {
	Rows    int64
	Problem *Problem
}

// Verify walks every row in order and stops at the first one that does not
// fit: content changed (hash mismatch), a row removed (number gap), or a row
// inserted or reordered (previous hash mismatch).
func (l *Log) Verify(ctx context.Context) (VerifyResult, error) {
	var res VerifyResult
	rows, err := l.db.Conn(ctx).Raw(`SELECT id, at, actor_id, actor_name, role, domain, action, object_type, object_id,
		old_values, new_values, ip, request_id, region_code, hospital_id, prev_hash, hash FROM audit_events ORDER BY id`).Rows()
	if err != nil {
		return res, err
	}
	defer rows.Close()
	var prevID int64
	prevHash := genesis
	for rows.Next() {
		var r Row
		var old, nw *string
		if err := rows.Scan(&r.ID, &r.At, &r.ActorID, &r.ActorName, &r.Role, &r.Domain, &r.Action, &r.ObjectType,
			&r.ObjectID, &old, &nw, &r.IP, &r.RequestID, &r.RegionCode, &r.HospitalID, &r.PrevHash, &r.Hash); err != nil {
			return res, err
		}
		res.Rows++
		if r.ID != prevID+1 {
			if r.ID <= prevID {
				res.Problem = &Problem{RowID: r.ID, Reason: "out of order (inserted)"}
			} else {
				res.Problem = &Problem{RowID: prevID + 1, Reason: fmt.Sprintf("missing (removed); next present is %d", r.ID)}
			}
			return res, nil
		}
		if !bytes.Equal(r.PrevHash, prevHash) {
			res.Problem = &Problem{RowID: r.ID, Reason: "does not follow the previous row (inserted or replaced)"}
			return res, nil
		}
		if old != nil {
			if r.OldValues, err = recanonical([]byte(*old)); err != nil {
				return res, err
			}
		}
		if nw != nil {
			if r.NewValues, err = recanonical([]byte(*nw)); err != nil {
				return res, err
			}
		}
		if !bytes.Equal(r.computeHash(), r.Hash) {
			res.Problem = &Problem{RowID: r.ID, Reason: "content does not match its hash (edited)"}
			return res, nil
		}
		prevID, prevHash = r.ID, r.Hash
	}
	return res, rows.Err()
}
