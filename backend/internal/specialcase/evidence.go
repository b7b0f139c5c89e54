package specialcase

import (
	"context"
	"errors"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/lib/pq"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/storage"
)

// Upload is one file sent for an application.
type Upload struct {
	Kind     EvidenceKind
	Purpose  string // evidence (default), attachment
	FileName string
	Body     io.Reader
}

// cleanName keeps the last element of a client's file name, without
// control characters or separators, at most 120 characters: a name is a
// label, never a path (files are stored by digest).
func cleanName(n string) string {
	n = strings.ReplaceAll(n, "\\", "/")
	n = path.Base("/" + n)
	n = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '/' || r == ':' || r == '"' || r == '<' || r == '>' || r == '|' || r == '?' || r == '*' {
			return -1
		}
		return r
	}, n)
	n = strings.TrimLeft(strings.TrimSpace(n), ".")
	for utf8.RuneCountInString(n) > 120 {
		_, size := utf8.DecodeLastRuneInString(n)
		n = n[:len(n)-size]
	}
	if n == "" {
		n = "file"
	}
	return n
}

// AddEvidence stores a file for an application: the hospital's material
// before submission, a supplement while an information request is open, or
// a thread attachment (either side, while open). Types are checked by
// content; sizes while reading.
func (s *Service) AddEvidence(ctx context.Context, appID string, up Upload) (*EvidenceFile, error) {
	c := callerOf(ctx)
	if !slices.Contains(EvidenceKinds, up.Kind) {
		return nil, invalid("kind", "unknown evidence kind")
	}
	if up.Purpose == "" {
		up.Purpose = "evidence"
	}
	if up.Purpose != "evidence" && up.Purpose != "attachment" {
		return nil, invalid("purpose", "evidence or attachment")
	}
	a, err := s.readApp(ctx, c, appID)
	if err != nil {
		return nil, err
	}
	side := "bureau"
	if c.is(ActClinician) || c.is(ActOffice) {
		side = "hospital"
	}
	purpose, err := evidencePurpose(a, side, up.Purpose)
	if err != nil {
		return nil, err
	}
	if side == "hospital" && c.is(ActClinician) && !c.is(ActOffice) && a.CreatedBy != c.userID {
		return nil, ErrNotFound
	}
	var used struct {
		N     int
		Bytes int64
	}
	if err := s.DB.Conn(ctx).Raw(`SELECT count(*) AS n, coalesce(sum(size_bytes), 0) AS bytes FROM special_application_evidence
		WHERE application_id = ? AND deleted_at IS NULL`, appID).Scan(&used).Error; err != nil {
		return nil, err
	}
	if used.N >= MaxFilesPerApp {
		return nil, invalid("file", "an application holds at most 60 files")
	}
	limit := min(int64(MaxFileBytes), int64(MaxApplicationBytes)-used.Bytes)
	if limit <= 0 {
		return nil, ErrTotalTooBig
	}
	obj, err := s.Files.Put(ctx, up.Body, limit)
	if err != nil {
		if errors.Is(err, storage.ErrTooLarge) && limit < MaxFileBytes {
			return nil, ErrTotalTooBig
		}
		return nil, err
	}
	now := s.Clock.Now().UTC().Truncate(time.Microsecond)
	ev := &EvidenceFile{ID: uuid.Must(uuid.NewV7()).String(), Kind: up.Kind, Purpose: purpose, FileName: cleanName(up.FileName),
		ContentType: string(obj.Type), Size: obj.Size, SHA256: obj.SHA256, UploadedBy: c.name, UploadedSide: side, CreatedAt: now}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		// lock and re-check: the application may have been submitted meanwhile
		a, err := s.lockApp(ctx, c, appID)
		if err != nil {
			return err
		}
		if _, err := evidencePurpose(a, side, up.Purpose); err != nil {
			return err
		}
		var ir any
		if purpose == "supplement" {
			var id string
			if err := s.DB.Conn(ctx).Raw(`SELECT id::text FROM special_info_requests WHERE application_id = ? AND answered_at IS NULL
				AND expired_at IS NULL ORDER BY requested_at DESC LIMIT 1`, appID).Scan(&id).Error; err != nil {
				return err
			}
			if id != "" {
				ir = id
			}
		}
		if err := s.DB.Conn(ctx).Exec(`INSERT INTO special_application_evidence (id, application_id, kind, purpose, file_name,
			content_type, size_bytes, sha256, uploaded_by, uploaded_side, info_request_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ev.ID, appID, string(ev.Kind), purpose, ev.FileName, ev.ContentType, ev.Size,
			ev.SHA256, c.userID, side, ir, now).Error; err != nil {
			return err
		}
		return s.Audit.Record(ctx, audit.Event{Action: "specialcase.evidence_upload", ObjectType: "special_application", ObjectID: appID,
			New:        map[string]any{"evidence_id": ev.ID, "kind": ev.Kind, "purpose": purpose, "sha256": ev.SHA256, "size": ev.Size},
			RegionCode: a.RegionCode, HospitalID: a.HospitalID})
	})
	if err != nil {
		return nil, err
	}
	return ev, nil
}

// evidencePurpose decides what an upload is from the application's state.
func evidencePurpose(a *Application, side, want string) (string, error) {
	if !a.Status.Open() {
		return "", ErrFrozen
	}
	if want == "attachment" {
		return "attachment", nil
	}
	if side != "hospital" {
		return "", invalid("purpose", "the bureau sends files as attachments")
	}
	switch {
	case a.Status == ReturnedForInfo, a.Status == Decided, a.Status == Appealed:
		// an information request's reply, or an appeal's new evidence
		return "supplement", nil
	case !a.EvidenceFrozen && (a.Status == Draft || a.Status == HospitalReview):
		return "evidence", nil
	}
	return "", ErrFrozen
}

// RemoveEvidence takes a file off a draft (the stored bytes stay: they may
// be shared by digest, and the audit log names them).
func (s *Service) RemoveEvidence(ctx context.Context, appID, evID string) error {
	c := callerOf(ctx)
	if _, err := uuid.Parse(evID); err != nil {
		return ErrNotFound
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		a, err := s.lockApp(ctx, c, appID)
		if err != nil {
			return err
		}
		if !(c.is(ActClinician) || c.is(ActOffice)) {
			return &TransitionError{Command: "remove_evidence", From: a.Status, Refusal: NotYourTurn}
		}
		if c.is(ActClinician) && !c.is(ActOffice) && a.CreatedBy != c.userID {
			return ErrNotFound
		}
		res := s.DB.Conn(ctx).Exec(`UPDATE special_application_evidence SET deleted_at = now() WHERE id = ? AND application_id = ?
			AND deleted_at IS NULL AND purpose = 'evidence'`, evID, appID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		if a.EvidenceFrozen || (a.Status != Draft && a.Status != HospitalReview) {
			return ErrFrozen
		}
		return s.Audit.Record(ctx, audit.Event{Action: "specialcase.evidence_remove", ObjectType: "special_application", ObjectID: appID,
			New: map[string]any{"evidence_id": evID}, RegionCode: a.RegionCode, HospitalID: a.HospitalID})
	})
}

// OpenEvidence returns a file of an application in the caller's scope and
// records the download or view in the audit log.
func (s *Service) OpenEvidence(ctx context.Context, appID, evID string, inline bool) (*EvidenceFile, io.ReadCloser, error) {
	c := callerOf(ctx)
	if _, err := uuid.Parse(evID); err != nil {
		return nil, nil, ErrNotFound
	}
	a, err := s.readApp(ctx, c, appID)
	if err != nil {
		return nil, nil, err
	}
	var ev EvidenceFile
	res := s.DB.Conn(ctx).Raw(`SELECT id::text AS id, kind, purpose, file_name, content_type, size_bytes AS size, sha256, created_at
		FROM special_application_evidence WHERE id = ? AND application_id = ? AND deleted_at IS NULL`, evID, appID).Scan(&ev)
	if res.Error != nil {
		return nil, nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, nil, ErrNotFound
	}
	action := "specialcase.evidence_download"
	if inline {
		action = "specialcase.evidence_view"
	}
	if err := s.Audit.Record(ctx, audit.Event{Action: action, ObjectType: "special_application", ObjectID: appID,
		New: map[string]any{"evidence_id": evID}, RegionCode: a.RegionCode, HospitalID: a.HospitalID}); err != nil {
		return nil, nil, err
	}
	rc, err := s.Files.Open(ctx, ev.SHA256)
	if err != nil {
		return nil, nil, err
	}
	return &ev, rc, nil
}

// PostMessage adds a message to the thread.
func (s *Service) PostMessage(ctx context.Context, appID, body string, attachments []string) (*ThreadMessage, error) {
	c := callerOf(ctx)
	body = strings.TrimSpace(body)
	var f fieldErrors
	if body == "" {
		f.add("body", "write a message")
	}
	if utf8.RuneCountInString(body) > 4000 {
		f.add("body", "at most 4000 characters")
	}
	if len(attachments) > 10 {
		f.add("attachment_ids", "at most 10 attachments")
	}
	for i, id := range attachments {
		if _, err := uuid.Parse(id); err != nil {
			f.add("attachment_ids["+strconv.Itoa(i)+"]", "not an id")
		}
	}
	if err := f.err(); err != nil {
		return nil, err
	}
	side := "bureau"
	if c.is(ActClinician) || c.is(ActOffice) {
		side = "hospital"
	}
	var out *ThreadMessage
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		a, err := s.readApp(ctx, c, appID)
		if err != nil {
			return err
		}
		if len(attachments) > 0 {
			var n int
			if err := s.DB.Conn(ctx).Raw(`SELECT count(*) FROM special_application_evidence WHERE application_id = ? AND id::text = ANY(?)
				AND deleted_at IS NULL`, appID, pq.StringArray(attachments)).Scan(&n).Error; err != nil {
				return err
			}
			if n != len(attachments) {
				return invalid("attachment_ids", "attach files of this application")
			}
		}
		m, err := s.insertMessage(ctx, appID, c, side, body, attachments, s.Clock.Now().UTC().Truncate(time.Microsecond))
		if err != nil {
			return err
		}
		out = m
		if s.Notify != nil {
			to := Audience{UserIDs: []string{a.CreatedBy}, Roles: []string{"hospital_office"}, HospitalID: a.HospitalID, ExceptUserID: c.userID}
			if side == "hospital" {
				to = Audience{Roles: []string{"bureau_reviewer", "bureau_admin"}, RegionCode: a.RegionCode, ExceptUserID: c.userID}
				if a.AssignedTo != nil {
					to = Audience{UserIDs: []string{*a.AssignedTo}, ExceptUserID: c.userID}
				}
			}
			if _, err := s.Notify.Send(ctx, to, s.notice("specialcase.message", a, "")); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func (s *Service) insertMessage(ctx context.Context, appID string, c caller, side, body string, attachments []string, now time.Time) (*ThreadMessage, error) {
	m := &ThreadMessage{ID: uuid.Must(uuid.NewV7()).String(), AuthorName: c.name, Side: side, Body: body, Attachments: attachments, CreatedAt: now}
	if m.Attachments == nil {
		m.Attachments = []string{}
	}
	var author any
	if c.userID != "" {
		author = c.userID
	}
	err := s.DB.Conn(ctx).Exec(`INSERT INTO special_application_messages (id, application_id, author_id, author_name, side, body,
		attachment_ids, created_at) VALUES (?, ?, ?, ?, ?, ?, ?::uuid[], ?)`, m.ID, appID, author, c.name, side, body,
		pq.StringArray(m.Attachments), now).Error
	return m, err
}

// Messages lists the thread, oldest first.
func (s *Service) Messages(ctx context.Context, appID string) ([]ThreadMessage, error) {
	c := callerOf(ctx)
	if _, err := s.readApp(ctx, c, appID); err != nil {
		return nil, err
	}
	var rows []struct {
		ID, AuthorName, Side, Body string
		AttachmentIDs              string
		CreatedAt                  time.Time
	}
	if err := s.DB.Conn(ctx).Raw(`SELECT id::text AS id, author_name, side, body, array_to_string(attachment_ids, ',') AS attachment_ids, created_at
		FROM special_application_messages WHERE application_id = ? ORDER BY created_at, id`, appID).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]ThreadMessage, 0, len(rows))
	for _, r := range rows {
		att := []string{}
		for _, id := range strings.Split(r.AttachmentIDs, ",") {
			if id != "" {
				att = append(att, id)
			}
		}
		out = append(out, ThreadMessage{ID: r.ID, AuthorName: r.AuthorName, Side: r.Side, Body: r.Body, Attachments: att, CreatedAt: r.CreatedAt})
	}
	return out, nil
}
