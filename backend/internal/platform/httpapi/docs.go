package httpapi

import (
	"bytes"
	"encoding/json"
	"html/template"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"
)

// The API docs page is rendered here from the OpenAPI document, with no
// script and no CDN, so it works on an offline bureau network.
var docsTmpl = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.Title}} {{.Version}}</title>
<style>
body{font:14px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1f1f1f;background:#f5f5f5}
header{background:#001529;color:#fff;padding:16px 32px}header a{color:#91caff}
main{max-width:1100px;margin:0 auto;padding:16px 32px}
section{background:#fff;border-radius:8px;margin:12px 0;padding:12px 16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.m{display:inline-block;min-width:64px;font-weight:600;text-transform:uppercase}
.get{color:#1677ff}.post{color:#389e0d}.put,.patch{color:#d46b08}.delete{color:#cf1322}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
pre{background:#fafafa;border:1px solid #f0f0f0;padding:8px;overflow:auto;max-height:360px}
details summary{cursor:pointer}
td,th{padding:2px 8px;text-align:left;vertical-align:top}
</style></head><body>
<header><h1>{{.Title}} <small>{{.Version}}</small></h1>
<p>{{.Description}}</p><p>OpenAPI 3.1: <a href="/api/openapi.json">/api/openapi.json</a> · <a href="/api/openapi.yaml">yaml</a></p></header>
<main>{{range .Tags}}<h2>{{.Name}}</h2>{{range .Ops}}<section id="{{.ID}}">
<div><span class="m {{.MethodClass}}">{{.Method}}</span> <code>{{.Path}}</code> — {{.Summary}} <small>(<code>{{.ID}}</code>)</small></div>
{{if .Description}}<p>{{.Description}}</p>{{end}}
{{if .Params}}<table><tr><th>parameter</th><th>in</th><th>required</th><th>description</th></tr>
{{range .Params}}<tr><td><code>{{.Name}}</code></td><td>{{.In}}</td><td>{{if .Required}}yes{{end}}</td><td>{{.Description}}</td></tr>{{end}}</table>{{end}}
{{if .Request}}<details><summary>request body</summary><pre>{{.Request}}</pre></details>{{end}}
{{range .Responses}}<details><summary>response {{.Status}}</summary><pre>{{.Schema}}</pre></details>{{end}}
</section>{{end}}{{end}}</main></body></html>`))

type docOp struct {
	ID, Method, MethodClass, Path, Summary, Description string
	Params                                              []*huma.Param
	Request                                             string
	Responses                                           []docResp
}

type docResp struct{ Status, Schema string }

type docTag struct {
	Name string
	Ops  []docOp
}

func (s *Server) docs(c *fiber.Ctx) error {
	api := s.API.OpenAPI()
	reg := api.Components.Schemas
	render := func(sch *huma.Schema) string {
		if sch == nil {
			return ""
		}
		if sch.Ref != "" {
			sch = reg.SchemaFromRef(sch.Ref)
		}
		b, _ := json.MarshalIndent(sch, "", "  ")
		return string(b)
	}
	byTag := map[string][]docOp{}
	for path, item := range api.Paths {
		for method, op := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PUT": item.Put,
			"PATCH": item.Patch, "DELETE": item.Delete} {
			if op == nil {
				continue
			}
			d := docOp{ID: op.OperationID, Method: method, MethodClass: strings.ToLower(method), Path: path,
				Summary: op.Summary, Description: op.Description, Params: op.Parameters}
			if op.RequestBody != nil {
				for _, mt := range op.RequestBody.Content {
					d.Request = render(mt.Schema)
				}
			}
			for code, r := range op.Responses {
				for _, mt := range r.Content {
					d.Responses = append(d.Responses, docResp{Status: code, Schema: render(mt.Schema)})
					break
				}
			}
			sort.Slice(d.Responses, func(i, j int) bool { return d.Responses[i].Status < d.Responses[j].Status })
			tag := "other"
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			byTag[tag] = append(byTag[tag], d)
		}
	}
	var tags []docTag
	for name, ops := range byTag {
		sort.Slice(ops, func(i, j int) bool { return ops[i].Path+ops[i].Method < ops[j].Path+ops[j].Method })
		tags = append(tags, docTag{Name: name, Ops: ops})
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i].Name < tags[j].Name })
	var buf bytes.Buffer
	err := docsTmpl.Execute(&buf, map[string]any{"Title": api.Info.Title, "Version": api.Info.Version,
		"Description": api.Info.Description, "Tags": tags})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(buf.Bytes())
}
