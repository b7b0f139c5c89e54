package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
)

// humafiber joins repeated response headers with ", ", which breaks several
// Set-Cookie headers; operations set cookies through SetCookie instead, which
// writes them on the fiber response one by one.

type cookieKey struct{}

type cookieSetter func(c http.Cookie)

func cookieMiddleware(ctx huma.Context, next func(huma.Context)) {
	fc := humafiber.Unwrap(ctx)
	set := cookieSetter(func(c http.Cookie) {
		fcookie := &fiber.Cookie{Name: c.Name, Value: c.Value, Path: c.Path, Domain: c.Domain, MaxAge: c.MaxAge,
			Secure: c.Secure, HTTPOnly: c.HttpOnly}
		switch c.SameSite {
		case http.SameSiteStrictMode:
			fcookie.SameSite = fiber.CookieSameSiteStrictMode
		case http.SameSiteLaxMode:
			fcookie.SameSite = fiber.CookieSameSiteLaxMode
		}
		fc.Cookie(fcookie)
	})
	next(huma.WithContext(ctx, context.WithValue(ctx.Context(), cookieKey{}, set)))
}

// SetCookie sets a response cookie from inside an operation handler.
func SetCookie(ctx context.Context, c http.Cookie) {
	if set, ok := ctx.Value(cookieKey{}).(cookieSetter); ok {
		set(c)
	}
}
