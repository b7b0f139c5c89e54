// Package idempotency makes mutating API calls safe to retry: a call with an
// Idempotency-Key header is answered once, and the same key with the same
// request gets the stored answer again; the same key with another request is
// refused (422), and a key whose first call is still running answers 409.
//
// Keys belong to the caller (user or API token) and live for a day. The
// stored answer is written right after the operation's own transaction
// committed; if the process dies between the two, the key is released after
// a minute and a retry runs the operation again, which the operation's
// optimistic version check then refuses rather than repeating.
package idempotency

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/database"
)

// Header is the request header.
const Header = "Idempotency-Key"

// TTL is how long an answer is kept; Pending is how long a running first call
// holds its key.
const (
	TTL     = 24 * time.Hour
	Pending = time.Minute
)

// skip lists operations that never store an answer: sign-in steps set
// cookies, which are not replayed.
var skip = map[string]bool{"login": true, "logout": true, "verify-totp": true, "change-password": true,
	"begin-totp-enrolment": true, "confirm-totp-enrolment": true}

// Middleware returns the huma middleware; install it after authorization.
func Middleware(api huma.API, db *database.DB) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		key := ctx.Header(Header)
		op := ctx.Operation()
		if key == "" || op == nil || !mutating(ctx.Method()) || skip[op.OperationID] || db == nil {
			next(ctx)
			return
		}
		if len(key) > 200 || strings.ContainsFunc(key, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
			huma.WriteErr(api, ctx, http.StatusBadRequest, "Idempotency-Key must be 1 to 200 visible ASCII characters")
			return
		}
		p := authz.PrincipalFrom(ctx.Context())
		owner := p.UserID
		if p.TokenID != "" {
			owner = "token:" + p.TokenID
		}
		if owner == "" {
			next(ctx)
			return
		}
		h := sha256.New()
		io.WriteString(h, ctx.Method()+" "+ctx.URL().Path+"?"+ctx.URL().RawQuery+"\n") //nolint:errcheck
		if _, err := io.Copy(h, ctx.BodyReader()); err != nil {
			huma.WriteErr(api, ctx, http.StatusBadRequest, "the request body could not be read")
			return
		}
		sum := h.Sum(nil)
		bg := context.WithoutCancel(ctx.Context())
		claimed, stored, err := claim(bg, db, owner, key, op.OperationID, sum)
		if err != nil {
			huma.WriteErr(api, ctx, http.StatusServiceUnavailable, "the idempotency store is unavailable, try again")
			return
		}
		if !claimed {
			switch {
			case !bytes.Equal(stored.RequestHash, sum) || stored.Operation != op.OperationID:
				huma.WriteErr(api, ctx, http.StatusUnprocessableEntity,
					"this Idempotency-Key was used for a different request; use a new key for a new request")
			case stored.Status == 0:
				huma.WriteErr(api, ctx, http.StatusConflict, "a request with this Idempotency-Key is still running; retry shortly")
			default:
				if stored.ContentType != "" {
					ctx.SetHeader("Content-Type", stored.ContentType)
				}
				ctx.SetHeader("Idempotent-Replayed", "true")
				ctx.SetStatus(stored.Status)
				ctx.BodyWriter().Write(stored.Body) //nolint:errcheck
			}
			return
		}
		rec := &recorder{hctx: ctx}
		completed := false
		defer func() {
			if !completed {
				release(bg, db, owner, key)
			}
		}()
		next(rec)
		status := rec.status
		if status == 0 {
			status = http.StatusOK
		}
		if status >= 500 || status == http.StatusConflict && rec.body.Len() == 0 {
			return // not an answer worth keeping: a retry should run again
		}
		completed = true
		if err := db.Gorm().WithContext(bg).Exec(`UPDATE idempotency_keys SET status = ?, content_type = ?, body = ?
			WHERE owner = ? AND key = ?`, status, rec.contentType, rec.body.Bytes(), owner, key).Error; err != nil {
			release(bg, db, owner, key)
		}
	}
}

type storedKey struct {
	Operation   string
	RequestHash []byte
	Status      int
	ContentType string
	Body        []byte
	CreatedAt   time.Time
}

// claim inserts the pending key, or returns the stored one. A pending key
// older than Pending and answers older than TTL are taken over.
func claim(ctx context.Context, db *database.DB, owner, key, op string, sum []byte) (bool, *storedKey, error) {
	g := db.Gorm().WithContext(ctx)
	res := g.Exec(`INSERT INTO idempotency_keys (owner, key, operation, request_hash) VALUES (?, ?, ?, ?)
		ON CONFLICT (owner, key) DO UPDATE SET operation = EXCLUDED.operation, request_hash = EXCLUDED.request_hash,
			status = 0, content_type = '', body = NULL, created_at = now()
		WHERE (idempotency_keys.status = 0 AND idempotency_keys.created_at < now() - make_interval(secs => ?))
		   OR idempotency_keys.created_at < now() - make_interval(secs => ?)`,
		owner, key, op, sum, Pending.Seconds(), TTL.Seconds())
	if res.Error != nil {
		return false, nil, res.Error
	}
	if res.RowsAffected == 1 {
		return true, nil, nil
	}
	var s storedKey
	r := g.Raw(`SELECT operation, request_hash, status, content_type, body, created_at FROM idempotency_keys
		WHERE owner = ? AND key = ?`, owner, key).Scan(&s)
	if r.Error != nil {
		return false, nil, r.Error
	}
	if r.RowsAffected == 0 { // released in between: try once more
		return claim(ctx, db, owner, key, op, sum)
	}
	return false, &s, nil
}

func release(ctx context.Context, db *database.DB, owner, key string) {
	db.Gorm().WithContext(ctx).Exec(`DELETE FROM idempotency_keys WHERE owner = ? AND key = ? AND status = 0`, owner, key)
}

// Purge deletes answers older than TTL (run periodically).
func Purge(ctx context.Context, db *database.DB) (int64, error) {
	res := db.Gorm().WithContext(ctx).Exec(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => ?)`, TTL.Seconds())
	return res.RowsAffected, res.Error
}

type hctx = huma.Context

// recorder keeps what the operation writes.
type recorder struct {
	hctx
	status      int
	contentType string
	body        bytes.Buffer
}

func (r *recorder) SetStatus(code int) {
	r.status = code
	r.hctx.SetStatus(code)
}

func (r *recorder) SetHeader(name, value string) {
	if strings.EqualFold(name, "Content-Type") {
		r.contentType = value
	}
	r.hctx.SetHeader(name, value)
}

func (r *recorder) BodyWriter() io.Writer { return io.MultiWriter(r.hctx.BodyWriter(), &r.body) }

func mutating(m string) bool {
	return m == http.MethodPost || m == http.MethodPut || m == http.MethodPatch || m == http.MethodDelete
}

// Unwrap gives adapters the underlying context.
func (r *recorder) Unwrap() huma.Context { return r.hctx }
