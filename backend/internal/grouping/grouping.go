// Package grouping puts the grouper on the API: what-if grouping of one case
// (the grouping workbench, and later the dispute form), the plans a region
// has loaded, and code search over the plans' dictionaries. The engine itself
// stays pure in package grouper; this package only translates.
package grouping

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"teyi/backend/internal/grouper"
)

// Service holds the loaded plans.
type Service struct {
	reg *grouper.Registry
}

// New loads the shipped plans and the packs stored in planDir (by
// `teyi plan import`).
func New(planDir string) (*Service, error) {
	reg := grouper.NewShippedRegistry()
	paths, _ := filepath.Glob(filepath.Join(planDir, "*.pack"))
	slices.Sort(paths)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		pack, err := grouper.UnmarshalPack(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if err := reg.Add(pack); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	return &Service{reg: reg}, nil
}

// Registry exposes the plans (case intake will group with them).
func (s *Service) Registry() *grouper.Registry { return s.reg }

// CaseInput is a case as the API accepts it.
type CaseInput struct {
	Sex              int      `json:"sex" enum:"0,1,2" doc:"1 male, 2 female (0 unknown)"`
	Age              int      `json:"age" minimum:"-1" maximum:"150" default:"-1" required:"false" doc:"Completed years; -1 not recorded"`
	AgeDays          int      `json:"age_days" minimum:"-1" maximum:"400" default:"-1" required:"false" doc:"Age in days when under one year; -1 not recorded"`
	BirthWeight      int      `json:"birth_weight" minimum:"0" maximum:"9000" required:"false" doc:"Grams; 0 not recorded"`
	AdmissionWeight  int      `json:"admission_weight" minimum:"0" maximum:"20000" required:"false" doc:"Grams; 0 not recorded"`
	LOS              int      `json:"los" minimum:"-1" maximum:"3650" default:"-1" required:"false" doc:"Length of stay in days"`
	DischargeWay     int      `json:"discharge_way" minimum:"0" maximum:"9" required:"false" doc:"离院方式 1–9"`
	Department       string   `json:"department,omitempty" maxLength:"40" required:"false"`
	Diagnoses        []string `json:"diagnoses" maxItems:"50" doc:"Principal diagnosis first"`
	Procedures       []string `json:"procedures,omitempty" maxItems:"50" required:"false" doc:"Principal procedure first"`
	VentilationHours int      `json:"ventilation_hours" minimum:"0" maximum:"100000" required:"false"`
	ECMO             bool     `json:"ecmo" required:"false"`
}

func (in CaseInput) toCase() (grouper.Case, error) {
	c := grouper.NewCase()
	c.Sex, c.AgeYears, c.AgeDays = grouper.Sex(in.Sex), in.Age, in.AgeDays
	c.BirthWeight, c.AdmissionWeight, c.LOS, c.DischargeWay = in.BirthWeight, in.AdmissionWeight, in.LOS, in.DischargeWay
	c.Department, c.VentilationHours, c.ECMO = in.Department, in.VentilationHours, in.ECMO
	for i, d := range in.Diagnoses {
		d = strings.TrimSpace(d)
		if len(d) > 20 {
			return c, fieldErr(fmt.Sprintf("body.case.diagnoses[%d]", i), "code too long")
		}
		c.Diagnoses = append(c.Diagnoses, d)
	}
	for i, p := range in.Procedures {
		p = strings.TrimSpace(p)
		if len(p) > 20 {
			return c, fieldErr(fmt.Sprintf("body.case.procedures[%d]", i), "code too long")
		}
		c.Procedures = append(c.Procedures, p)
	}
	return c, nil
}

func fieldErr(loc, msg string) error {
	return huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: loc, Message: msg})
}

// SecondaryDx is an MCC/CC diagnosis of the result.
type SecondaryDx struct {
	Code  string `json:"code"`
	Name  string `json:"name,omitempty"`
	Kind  string `json:"kind" enum:"cc,mcc"`
	Table string `json:"table,omitempty" doc:"Exclusion table (表 7-N)"`
}

// Step is one decision of the trace.
type Step struct {
	Stage  string `json:"stage"`
	Code   string `json:"code,omitempty"`
	Name   string `json:"name,omitempty"`
	Rule   string `json:"rule,omitempty"`
	By     string `json:"by,omitempty"`
	Source string `json:"source,omitempty" doc:"Where the plan states it (file:line)"`
}

// Result is a grouping as the API returns it.
type Result struct {
	Status      string        `json:"status" enum:"grouped,validation_failed,code_not_translatable,ungroupable"`
	StatusLabel string        `json:"status_label" doc:"Chinese label of the status"`
	Reason      string        `json:"reason,omitempty"`
	Detail      string        `json:"detail,omitempty"`
	MDC         string        `json:"mdc,omitempty"`
	MDCName     string        `json:"mdc_name,omitempty"`
	ADRG        string        `json:"adrg,omitempty"`
	ADRGName    string        `json:"adrg_name,omitempty"`
	DRG         string        `json:"drg,omitempty"`
	DRGName     string        `json:"drg_name,omitempty"`
	Comorbidity string        `json:"comorbidity" enum:"none,cc,mcc"`
	SplitBy     *SecondaryDx  `json:"split_by,omitempty" doc:"The secondary diagnosis that decided the CC/MCC split"`
	Excluded    []SecondaryDx `json:"excluded" doc:"CC/MCC diagnoses excluded by the principal diagnosis's exclusion table"`
	Trace       []Step        `json:"trace"`
	Plan        string        `json:"plan"`
	PlanDigest  string        `json:"plan_digest"`
	Engine      string        `json:"engine"`
}

func (s *Service) convert(p *grouper.Pack, r *grouper.Result) Result {
	out := Result{Status: r.Status.String(), StatusLabel: r.Status.Label(), Reason: r.Reason, Detail: r.Detail,
		MDC: r.MDC, MDCName: r.MDCName, ADRG: r.ADRG, ADRGName: r.ADRGName, DRG: r.DRG, DRGName: r.DRGName,
		Comorbidity: r.Comorbidity.String(), Plan: r.Plan, PlanDigest: r.PlanDigest, Engine: r.Engine,
		Excluded: []SecondaryDx{}, Trace: []Step{}}
	dxName := func(code string) string { n, _ := p.DiagnosisName(code); return n }
	if r.SplitBy.Code != "" {
		out.SplitBy = &SecondaryDx{Code: r.SplitBy.Code, Name: dxName(r.SplitBy.Code), Kind: r.SplitBy.Kind.String(), Table: r.SplitBy.Table}
	}
	for _, e := range r.Excluded {
		out.Excluded = append(out.Excluded, SecondaryDx{Code: e.Code, Name: dxName(e.Code), Kind: e.Kind.String(), Table: e.Table})
	}
	for _, st := range r.Trace {
		name := ""
		if st.Code != "" {
			name, _ = p.GroupName(st.Code)
		}
		out.Trace = append(out.Trace, Step{Stage: st.Stage, Code: st.Code, Name: name, Rule: st.Rule, By: st.By, Source: st.Source})
	}
	return out
}

// pack picks a plan by id, else by discharge date, else the newest.
func (s *Service) pack(id, discharge string) (*grouper.Pack, error) {
	if id != "" {
		p, err := s.reg.ByID(id)
		if err != nil {
			return nil, huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "body.plan", Message: "no such plan", Value: id})
		}
		return p, nil
	}
	t := time.Now()
	if discharge != "" {
		var err error
		if t, err = time.Parse("2006-01-02", discharge); err != nil {
			return nil, fieldErr("body.discharge_date", "want YYYY-MM-DD")
		}
	}
	p, err := s.reg.ForDischarge(t)
	if err != nil {
		return nil, fieldErr("body.discharge_date", "no plan applies to this discharge date")
	}
	return p, nil
}

// Group groups one case.
func (s *Service) Group(planID, discharge string, in CaseInput) (Result, error) {
	p, err := s.pack(planID, discharge)
	if err != nil {
		return Result{}, err
	}
	c, err := in.toCase()
	if err != nil {
		return Result{}, err
	}
	r := p.Group(&c)
	return s.convert(p, &r), nil
}

// Routes registers the operations.
func (s *Service) Routes(api huma.API) {
	huma.Register(api, huma.Operation{OperationID: "list-grouper-plans", Method: http.MethodGet, Path: "/api/v1/grouper/plans",
		Summary: "Grouping plans loaded (shipped and imported)", Tags: []string{"grouper"}}, s.listPlans)
	huma.Register(api, huma.Operation{OperationID: "group-case", Method: http.MethodPost, Path: "/api/v1/grouper/group",
		Summary: "Group one case (what-if); nothing is stored", Tags: []string{"grouper"}}, s.groupCase)
	huma.Register(api, huma.Operation{OperationID: "search-codes", Method: http.MethodGet, Path: "/api/v1/grouper/codes",
		Summary: "Search diagnosis and procedure codes by code prefix or Chinese name", Tags: []string{"grouper"}}, s.searchCodes)
}

type plansOutput struct {
	Body struct {
		Items []grouper.PlanInfo `json:"items"`
	}
}

func (s *Service) listPlans(ctx context.Context, _ *struct{}) (*plansOutput, error) {
	infos, err := s.reg.Infos()
	if err != nil {
		return nil, err
	}
	out := &plansOutput{}
	out.Body.Items = infos
	return out, nil
}

type groupInput struct {
	Body struct {
		Plan          string    `json:"plan,omitempty" maxLength:"64" doc:"Plan id; default: the plan for the discharge date"`
		DischargeDate string    `json:"discharge_date,omitempty" maxLength:"10" doc:"YYYY-MM-DD"`
		Case          CaseInput `json:"case"`
	}
}

type groupOutput struct{ Body Result }

func (s *Service) groupCase(ctx context.Context, in *groupInput) (*groupOutput, error) {
	r, err := s.Group(in.Body.Plan, in.Body.DischargeDate, in.Body.Case)
	if err != nil {
		return nil, err
	}
	return &groupOutput{Body: r}, nil
}

type searchInput struct {
	Q     string `query:"q" minLength:"1" maxLength:"40" required:"true"`
	Kind  string `query:"kind" enum:"diagnosis,procedure,any" default:"any"`
	Plan  string `query:"plan" maxLength:"64"`
	Limit int    `query:"limit" minimum:"1" maximum:"50" default:"20"`
}

// CodeHit is one search result.
type CodeHit struct {
	Kind string `json:"kind" enum:"diagnosis,procedure"`
	Code string `json:"code"`
	Name string `json:"name"`
	// ValidOperation marks operating-room procedures (手术室手术).
	ValidOperation bool `json:"valid_operation,omitempty"`
}

type searchOutput struct {
	Body struct {
		Items []CodeHit `json:"items"`
	}
}

func (s *Service) searchCodes(ctx context.Context, in *searchInput) (*searchOutput, error) {
	p, err := s.pack(in.Plan, "")
	if err != nil {
		var se huma.StatusError
		if errors.As(err, &se) {
			return nil, huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "query.plan", Message: "no such plan"})
		}
		return nil, err
	}
	kind := grouper.CodeKind(0)
	switch in.Kind {
	case "diagnosis":
		kind = grouper.KindDiagnosis
	case "procedure":
		kind = grouper.KindProcedure
	}
	out := &searchOutput{}
	out.Body.Items = []CodeHit{}
	for _, h := range p.SearchCodes(kind, in.Q, in.Limit) {
		hit := CodeHit{Kind: h.Kind.String(), Code: h.Code, Name: h.Name}
		if h.Kind == grouper.KindProcedure {
			hit.ValidOperation = p.IsValidOperation(h.Code)
		}
		out.Body.Items = append(out.Body.Items, hit)
	}
	return out, nil
}
