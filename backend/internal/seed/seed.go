// Package seed loads demo data so that a new user sees a living system. Every
// step is idempotent: running `teyi seed demo` twice changes nothing the
// second time.
package seed

import (
	"context"
	"fmt"
	"strings"

	"teyi/backend/internal/account"
	"teyi/backend/internal/app"
	"teyi/backend/internal/notify"
)

// DemoPassword is the password of every demo login.
const DemoPassword = "Teyi-Demo-2026"

// DemoRegion is the demo pooling region.
const DemoRegion = "370100"

// DemoPricingYears have an active demo pricing version (pricing.Demo).
var DemoPricingYears = []int{2025, 2026}

type demoHospital struct {
	Code, Name, Grade, Group string
	Level                    int
}

// Hospitals of the demo region, of every level.
var Hospitals = []demoHospital{
	{"H37010200001", "济南市第一人民医院", "甲", "济南市第一医疗集团", 3},
	{"H37010200002", "济南市中心医院", "甲", "", 3},
	{"H37010300003", "历下区人民医院", "甲", "济南市第一医疗集团", 2},
	{"H37010400004", "槐荫区中医医院", "乙", "", 2},
	{"H37011200005", "历城区社区卫生服务中心", "", "", 1},
	{"H37011200006", "章丘区妇幼保健院", "乙", "", 2},
}

type demoUser struct {
	Username, Name string
	Roles          []string
	Hospital       int // index into Hospitals, -1 for none
	Specialties    []string
}

// Users of the demo: one for every role, and an expert pool.
var Users = []demoUser{
	{"sysadmin", "系统管理员", []string{"sysadmin"}, -1, nil},
	{"bureau.admin", "王局长（医保局管理员）", []string{"bureau_admin"}, -1, nil},
	{"bureau.reviewer", "李审核（经办审核员）", []string{"bureau_reviewer"}, -1, nil},
	{"data.group", "赵数据（数据工作组）", []string{"data_group"}, 0, nil},
	{"h1.office", "张医保办（一院）", []string{"hospital_office"}, 0, nil},
	{"h1.doctor", "陈医生（一院心内科）", []string{"clinician"}, 0, nil},
	{"h2.office", "刘医保办（中心医院）", []string{"hospital_office"}, 1, nil},
	{"h2.doctor", "周医生（中心医院神外）", []string{"clinician"}, 1, nil},
	{"h3.office", "吴医保办（历下区医院）", []string{"hospital_office"}, 2, nil},
}

var expertSpecialties = [][]string{
	{"MDCF", "心血管"}, {"MDCB", "神经"}, {"MDCE", "呼吸"}, {"MDCG", "消化"}, {"MDCI", "骨科"},
	{"MDCF", "心胸外科"}, {"MDCB", "神经外科"}, {"MDCL", "泌尿"}, {"MDCO", "产科"}, {"MDCP", "新生儿"},
	{"MDCR", "肿瘤"}, {"MDCA", "重症医学"}, {"MDCJ", "皮肤乳腺"}, {"MDCK", "内分泌"}, {"MDCT", "精神"},
	{"MDCX", "康复"},
}

// mdcOrder is the CHS-DRG MDCs in their order (for the demo experts' broad
// specialties).
var mdcOrder = []string{"MDCA", "MDCB", "MDCC", "MDCD", "MDCE", "MDCF", "MDCG", "MDCH", "MDCI", "MDCJ", "MDCK", "MDCL", "MDCM",
	"MDCN", "MDCO", "MDCP", "MDCQ", "MDCR", "MDCS", "MDCT", "MDCU", "MDCV", "MDCW", "MDCX", "MDCY", "MDCZ"}

// DemoSpecialties are an expert's MDCs: a DRG pool's experts judge
// beyond their own field (coding, insurance management), so each demo
// expert covers their own MDC and the twelve that follow it; every MDC has
// enough experts for panels of three after recusal.
func DemoSpecialties(primary string) []string {
	at := 0
	for i, m := range mdcOrder {
		if m == primary {
			at = i
		}
	}
	out := make([]string, 0, 13)
	for k := range 13 {
		out = append(out, mdcOrder[(at+k)%len(mdcOrder)])
	}
	return out
}

func init() {
	for i, sp := range expertSpecialties {
		Users = append(Users, demoUser{Username: fmt.Sprintf("expert%02d", i+1), Name: fmt.Sprintf("专家%02d（%s）", i+1, sp[1]),
			Roles: []string{"expert"}, Hospital: i % len(Hospitals), Specialties: DemoSpecialties(sp[0])})
	}
}

// Demo loads the demo data and returns a report for the terminal.
func Demo(ctx context.Context, d *app.Deps) (string, error) {
	var b strings.Builder
	if d.Accounts == nil {
		return "", fmt.Errorf("seed: accounts are not wired")
	}
	ctx = account.SystemContext(ctx, "seed")
	acc := d.Accounts
	regions, err := acc.Regions(ctx)
	if err != nil {
		return "", err
	}
	if len(regions) == 0 {
		if _, err := acc.CreateRegion(ctx, DemoRegion, "济南市"); err != nil {
			return "", err
		}
	}
	existing, err := acc.Hospitals(ctx, "", "", 200)
	if err != nil {
		return "", err
	}
	ids := map[string]string{}
	for _, h := range existing {
		ids[h.Code] = h.ID
	}
	for _, h := range Hospitals {
		if ids[h.Code] != "" {
			continue
		}
		created, err := acc.CreateHospital(ctx, account.HospitalInput{Code: h.Code, Name: h.Name, Level: h.Level, Grade: h.Grade,
			RegionCode: DemoRegion, GroupName: h.Group})
		if err != nil {
			return "", fmt.Errorf("seed hospital %s: %w", h.Code, err)
		}
		ids[h.Code] = created.ID
	}
	added := 0
	userIDs := make([]string, 0, len(Users))
	for _, u := range Users {
		id, err := acc.UserIDByName(ctx, u.Username)
		if err != nil {
			return "", err
		}
		if id == "" {
			in := account.UserInput{Username: u.Username, DisplayName: u.Name, RegionCode: DemoRegion, Specialties: u.Specialties}
			if u.Roles[0] == "sysadmin" {
				in.RegionCode = ""
			}
			if u.Hospital >= 0 {
				in.HospitalID = ids[Hospitals[u.Hospital].Code]
			}
			for _, r := range u.Roles {
				in.Roles = append(in.Roles, account.RoleAssignment{Role: r})
			}
			created, err := acc.CreateUser(ctx, in)
			if err != nil {
				return "", fmt.Errorf("seed user %s: %w", u.Username, err)
			}
			id = created.User.ID
			if err := acc.SetPassword(ctx, id, DemoPassword, false, true); err != nil {
				return "", err
			}
			added++
		}
		userIDs = append(userIDs, id)
	}
	fmt.Fprintf(&b, "demo data: region %s 济南市, %d hospitals, %d users (%d new)\n", DemoRegion, len(Hospitals), len(Users), added)
	if d.Pricing == nil {
		return "", fmt.Errorf("seed: pricing is not wired")
	}
	for _, year := range DemoPricingYears {
		addedVersion, err := d.Pricing.SeedDemo(ctx, DemoRegion, year)
		if err != nil {
			return "", fmt.Errorf("seed pricing %d: %w", year, err)
		}
		if addedVersion {
			fmt.Fprintf(&b, "pricing: active demo version for %d (Yantai 2023 weights, illustrative rates)\n", year)
		}
	}
	if err := welcome(ctx, d, userIDs); err != nil {
		return "", err
	}
	fmt.Fprintf(&b, "demo logins (password %s; no second factor while TEYI_DEMO=1):\n", DemoPassword)
	for _, u := range Users[:9] {
		fmt.Fprintf(&b, "  %-16s %-12s %s\n", u.Username, strings.Join(u.Roles, ","), u.Name)
	}
	fmt.Fprintf(&b, "  expert01 … expert%02d  expert pool across specialties and hospitals\n", len(expertSpecialties))
	return b.String(), nil
}

// KindWelcome is the demo's welcome notification.
const KindWelcome = "welcome"

// welcome sends each demo user who has none a welcome notification, so that
// the bell has something to show.
func welcome(ctx context.Context, d *app.Deps, userIDs []string) error {
	if d.Notify == nil {
		return fmt.Errorf("seed: notifications are not wired")
	}
	missing, err := d.Notify.Missing(ctx, KindWelcome, userIDs)
	if err != nil || len(missing) == 0 {
		return err
	}
	_, err = d.Notify.Send(ctx, notify.Audience{UserIDs: missing}, notify.Notice{Kind: KindWelcome,
		Title: "欢迎使用特例单议系统", Body: "这是演示环境。通知会出现在这里；在通知中心可填写邮箱，开启邮件通知。",
		Link: "/notifications", Params: map[string]string{}})
	return err
}
