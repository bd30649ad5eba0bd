package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/validate"
)

// Password is the password of every demo account (listed in the README).
const Password = "OneWindow@2026"

// Login is one fixed demo login.
type Login struct {
	Username string
	Role     access.Role
	Where    string // the scope, in words
}

type staffSpec struct {
	user, name, phone string
	role              access.Role
	region            string
	dept, hall        func(Structure) int64
	where             string
}

func none(Structure) int64 { return 0 }

var staffSpecs = []staffSpec{
	{"clerk1", "李春梅", "13908870101", access.Clerk, "533400", none, func(s Structure) int64 { return s.CentreHallID }, "迪庆州政务服务中心 综合受理窗口"},
	{"agent1", "和丽萍", "13908870102", access.Agent, "533400", none, func(s Structure) int64 { return s.CentreHallID }, "迪庆州政务服务中心 帮办代办"},
	{"hallmanager1", "王建华", "13908870103", access.HallManager, "533400", none, func(s Structure) int64 { return s.CentreHallID }, "迪庆州政务服务中心"},
	{"reviewer1", "杨文斌", "13908870104", access.Reviewer, "533400", func(s Structure) int64 { return s.SAMRDeptID }, none, "迪庆州市场监督管理局"},
	{"approver1", "次仁央宗", "13908870105", access.Approver, "533400", func(s Structure) int64 { return s.SAMRDeptID }, none, "迪庆州市场监督管理局"},
	{"supervisor1", "张明", "13908870106", access.Supervisor, "533400", none, none, "迪庆州政务服务管理局（全州）"},
	{"hotline1", "鲁茸卓玛", "13908870107", access.HotlineAgent, "533400", none, none, "迪庆州 12345 热线"},
	{"dispatcher1", "李国强", "13908870108", access.Dispatcher, "533400", none, none, "迪庆州 12345 热线"},
	{"catalog1", "和晓燕", "13908870112", access.CatalogManager, "533400", none, none, "迪庆州政务服务管理局 事项管理"},
	{"catalog2", "段志刚", "13908870113", access.CatalogManager, "533400", none, none, "迪庆州政务服务管理局 事项审核"},
	{"sysadmin", "赵立新", "13908870109", access.SysAdmin, "533400", none, none, "迪庆州（全州）"},
	{"secadmin", "孙海燕", "13908870110", access.SecAdmin, "533400", none, none, "迪庆州（全州）"},
	{"auditor", "周敏", "13908870111", access.Auditor, "533400", none, none, "迪庆州（全州）"},
}

// Fixed demo applicants; synthetic ones follow them.
var (
	citizenName = "扎西顿珠"
	companyName = "香格里拉市雪域高原商贸有限公司"
)

// LoadAccounts creates the demo logins and some synthetic applicants, all
// with Password. Existing accounts are left alone, so it can run on every start.
func LoadAccounts(ctx context.Context, svc *account.Service, p *access.Principal, st Structure) ([]Login, error) {
	var logins []Login
	add := func(username string, role access.Role, where string, create func() error) error {
		logins = append(logins, Login{Username: username, Role: role, Where: where})
		taken, err := svc.UsernameTaken(ctx, username)
		if err != nil || taken {
			return err
		}
		if err := create(); err != nil {
			return fmt.Errorf("demo account %s: %w", username, err)
		}
		return nil
	}
	err := add("citizen1", access.Applicant, "自然人 "+citizenName, func() error {
		_, err := svc.Register(ctx, account.RegisterInput{Kind: account.KindPerson, Name: citizenName,
			IDNumber: validate.MakeIDNumber("533401", time.Date(1988, 5, 12, 0, 0, 0, 0, time.UTC), 21),
			Phone:    "13988770021", Username: "citizen1", Password: Password})
		return err
	})
	if err != nil {
		return nil, err
	}
	err = add("company1", access.Applicant, "法人 "+companyName, func() error {
		_, err := svc.Register(ctx, account.RegisterInput{Kind: account.KindOrg, Name: companyName,
			CreditCode: validate.MakeCreditCode("91533401MA6KXY0D3"), LegalRep: "和志强",
			Phone: "13988770022", Username: "company1", Password: Password})
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, s := range staffSpecs {
		err := add(s.user, s.role, s.where, func() error {
			acc, err := svc.CreateStaff(ctx, p, account.StaffInput{Username: s.user, Name: s.name, Phone: s.phone, Password: Password, Permanent: true})
			if err != nil {
				return err
			}
			_, err = svc.GrantRole(ctx, p, acc.ID, access.Grant{Role: s.role, Region: s.region, DeptID: s.dept(st), HallID: s.hall(st)})
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	if err := syntheticApplicants(ctx, svc); err != nil {
		return nil, err
	}
	return logins, nil
}

var (
	surnames = []string{"和", "李", "杨", "王", "张", "赵", "余", "木", "格桑", "鲁"}
	given    = []string{"卫东", "秀英", "志华", "丽娟", "建国", "玉兰", "国华", "春花", "永红", "卓玛", "顿珠", "拉姆"}
	orgNames = []string{"德钦县梅里雪山旅游服务有限公司", "维西县傈僳风情农产品专业合作社", "香格里拉市松赞酒店管理有限公司",
		"迪庆州高原牧业发展有限公司", "德钦县奔子栏藏式家具厂", "维西县塔城乡滇金丝猴生态旅游有限公司",
		"香格里拉市独克宗古城餐饮店", "迪庆州藏药材种植有限公司"}
	countyCodes = []string{"533401", "533422", "533423"}
)

// syntheticApplicants registers persons and organisations with valid
// identity numbers and credit codes, so lists look like a real county's.
func syntheticApplicants(ctx context.Context, svc *account.Service) error {
	for i := 0; i < 24; i++ {
		username := fmt.Sprintf("person%03d", i+1)
		if taken, err := svc.UsernameTaken(ctx, username); err != nil || taken {
			if err != nil {
				return err
			}
			continue
		}
		birth := time.Date(1950+(i*7)%55, time.Month(1+i%12), 1+(i*5)%28, 0, 0, 0, 0, time.UTC)
		_, err := svc.Register(ctx, account.RegisterInput{Kind: account.KindPerson,
			Name:     surnames[i%len(surnames)] + given[(i*5)%len(given)],
			IDNumber: validate.MakeIDNumber(countyCodes[i%3], birth, 100+i), Phone: fmt.Sprintf("139887%05d", 30000+i),
			Username: username, Password: Password})
		if err != nil {
			return fmt.Errorf("demo applicant %s: %w", username, err)
		}
	}
	for i, name := range orgNames {
		username := fmt.Sprintf("org%03d", i+1)
		if taken, err := svc.UsernameTaken(ctx, username); err != nil || taken {
			if err != nil {
				return err
			}
			continue
		}
		// 登记管理部门 9 (市场监管) with 机构类别 1 企业, 2 个体工商户, 3 农民专业合作社.
		category := "1"
		switch {
		case strings.HasSuffix(name, "合作社"):
			category = "3"
		case strings.HasSuffix(name, "店"), strings.HasSuffix(name, "厂"):
			category = "2"
		}
		code := validate.MakeCreditCode(fmt.Sprintf("9%s%sMA6K%05d", category, countyCodes[i%3], 10000+i*37))
		_, err := svc.Register(ctx, account.RegisterInput{Kind: account.KindOrg, Name: name, CreditCode: code,
			LegalRep: surnames[(i+3)%len(surnames)] + given[(i*7)%len(given)], Phone: fmt.Sprintf("139887%05d", 40000+i),
			Username: username, Password: Password})
		if err != nil {
			return fmt.Errorf("demo organisation %s: %w", username, err)
		}
	}
	return nil
}
