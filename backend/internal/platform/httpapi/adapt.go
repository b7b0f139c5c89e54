package httpapi

import (
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp/fasthttpadaptor"
)

// adaptStd serves a net/http handler from fiber.
func adaptStd(c *fiber.Ctx, h http.Handler) error {
	fasthttpadaptor.NewFastHTTPHandler(h)(c.Context())
	return nil
}
