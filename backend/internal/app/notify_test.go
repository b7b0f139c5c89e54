package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"teyi/backend/internal/notify"
	"teyi/backend/internal/seed"
)

// A notification sent to a role reaches that role's holders in the named
// region only, and the bell's count and mark-read work over HTTP for the
// caller's own notifications only.
func TestNotificationsReachTheRoleInItsRegionAndReadOverHTTP(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	// the far region gets a reviewer of its own, who must not hear of it
	farReviewer := e.foreignUserWithRole("far.reviewer", "bureau_reviewer")
	e.clock.Advance(time.Minute) // after the demo's welcome
	n, err := e.app.Notify.Send(ctx, notify.Audience{Roles: []string{"bureau_reviewer", "bureau_admin"}, RegionCode: seed.DemoRegion},
		notify.Notice{Kind: "test.intake", Title: "新的特例申请待受理", Body: "济南市第一人民医院提交了申请。", Link: "/applications/1"})
	if err != nil || n != 2 {
		t.Fatalf("send to the region's bureau: %d %v", n, err)
	}
	var holders []string
	e.app.DB.Conn(ctx).Raw(`SELECT u.username FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'test.intake' ORDER BY 1`).Scan(&holders)
	if fmt.Sprint(holders) != "[bureau.admin bureau.reviewer]" {
		t.Fatalf("recipients %v", holders)
	}
	for _, u := range []string{farReviewer, e.foreignUser} {
		var c int64
		e.app.DB.Conn(ctx).Raw(`SELECT count(*) FROM notifications WHERE user_id = ? AND kind = 'test.intake'`, u).Scan(&c)
		if c != 0 {
			t.Fatalf("a foreign region's user was notified")
		}
	}

	reviewer := e.signedIn("bureau.reviewer")
	var count struct{ Unread int64 }
	if r := reviewer.do("GET", "/api/v1/notifications/count", nil); r.Status != 200 {
		t.Fatalf("count: %d %s", r.Status, r.Body)
	} else {
		r.json(t, &count)
	}
	if count.Unread != 2 { // the demo's welcome and this one
		t.Fatalf("unread %d, want 2", count.Unread)
	}
	var page struct {
		Items []struct {
			ID, Kind, Link string
		}
		Unread int64
	}
	reviewer.do("GET", "/api/v1/notifications?unread=true&limit=10", nil).json(t, &page)
	if len(page.Items) != 2 || page.Items[0].Kind != "test.intake" || page.Items[0].Link != "/applications/1" {
		t.Fatalf("list: %+v", page)
	}
	// the admin's copy, marked by the reviewer, stays unread
	admin := e.signedIn("bureau.admin")
	var adminPage struct{ Items []struct{ ID string } }
	admin.do("GET", "/api/v1/notifications", nil).json(t, &adminPage)
	r := reviewer.do("POST", "/api/v1/notifications/read", map[string]any{"ids": []string{adminPage.Items[0].ID, page.Items[0].ID}})
	var marked struct{ Updated, Unread int64 }
	r.json(t, &marked)
	if r.Status != 200 || marked.Updated != 1 || marked.Unread != 1 {
		t.Fatalf("mark read: %d %s", r.Status, r.Body)
	}
	admin.do("GET", "/api/v1/notifications/count", nil).json(t, &count)
	if count.Unread != 2 {
		t.Fatalf("the reviewer's mark changed the admin's count: %d", count.Unread)
	}
	if r := reviewer.do("POST", "/api/v1/notifications/read", map[string]any{"all": true}); r.Status != 200 {
		t.Fatalf("mark all: %d %s", r.Status, r.Body)
	}
	reviewer.do("GET", "/api/v1/notifications/count", nil).json(t, &count)
	if count.Unread != 0 {
		t.Fatalf("unread after mark all: %d", count.Unread)
	}
	// seeding again sends no second welcome
	if _, err := seed.Demo(ctx, &e.app.Deps); err != nil {
		t.Fatal(err)
	}
	var welcomes int64
	e.app.DB.Conn(ctx).Raw(`SELECT count(*) FROM notifications WHERE kind = ?`, seed.KindWelcome).Scan(&welcomes)
	if welcomes != int64(len(seed.Users)) {
		t.Fatalf("%d welcome notifications for %d demo users", welcomes, len(seed.Users))
	}
	// bad input
	for _, bad := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/api/v1/notifications?limit=1000", nil},
		{"GET", "/api/v1/notifications?after=not-a-cursor", nil},
		{"POST", "/api/v1/notifications/read", map[string]any{"ids": []string{"1 OR 1=1"}}},
		{"POST", "/api/v1/notifications/read", map[string]any{}},
		{"PUT", "/api/v1/me/notification-settings", map[string]any{"version": 0, "email": "chen at example", "email_enabled": true}},
		{"PUT", "/api/v1/me/notification-settings", map[string]any{"version": 0, "email": "", "email_enabled": true}},
	} {
		if r := reviewer.do(bad.method, bad.path, bad.body); r.Status != 422 {
			t.Errorf("%s %s %v: %d %s, want 422", bad.method, bad.path, bad.body, r.Status, r.Body)
		}
	}
	// settings: saved with version, stale answers 409
	r = reviewer.do("PUT", "/api/v1/me/notification-settings", map[string]any{"version": 0, "email": "li@example.cn", "email_enabled": true})
	if r.Status != 200 {
		t.Fatalf("save settings: %d %s", r.Status, r.Body)
	}
	if r := reviewer.do("PUT", "/api/v1/me/notification-settings", map[string]any{"version": 0, "email": "li@example.cn", "email_enabled": false}); r.Status != 409 {
		t.Fatalf("stale settings: %d, want 409", r.Status)
	}
	var st struct {
		Email   string
		Version int
	}
	reviewer.do("GET", "/api/v1/me/notification-settings", nil).json(t, &st)
	if st.Email != "li@example.cn" || st.Version != 1 {
		t.Fatalf("settings %+v", st)
	}
	admin.do("GET", "/api/v1/me/notification-settings", nil).json(t, &st)
	if st.Email != "" || st.Version != 0 {
		t.Fatalf("another user's settings: %+v", st)
	}
}

// foreignUserWithRole adds a user of the foreign region (110000) holding a
// region role there.
func (e *env) foreignUserWithRole(username, role string) string {
	e.t.Helper()
	id := "00000000-0000-7000-8000-00000000f001"
	db := e.app.DB.Conn(context.Background())
	if err := db.Exec(`INSERT INTO users (id, username, display_name, password_hash, region_code) VALUES (?, ?, ?, 'x', '110000')`,
		id, username, username).Error; err != nil {
		e.t.Fatal(err)
	}
	if err := db.Exec(`INSERT INTO user_roles (user_id, role, domain_kind, domain_id) VALUES (?, ?, 'region', '110000')`, id, role).Error; err != nil {
		e.t.Fatal(err)
	}
	return id
}
