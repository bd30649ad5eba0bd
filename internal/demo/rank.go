package demo

import (
	"context"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/rank"
)

// RankScheme is the demo prefecture's evaluation scheme (政务服务能力建设
// 评价办法) for its own departments.
var RankScheme = rank.Input{Name: "迪庆州政务服务能力评价（州直部门）", Subject: rank.SubjectDept,
	Indicators: []rank.Weight{{Indicator: "ontime_rate", Weight: 30}, {Indicator: "good_rate", Weight: 20},
		{Indicator: "bad_rectified_rate", Weight: 20}, {Indicator: "accept_late_rate", Weight: 10},
		{Indicator: "online_share", Weight: 10}, {Indicator: "no_visit_rate", Weight: 10}}}

// LoadRanking adds RankScheme for the prefecture, acting as a system
// supervisor of it, unless the prefecture has a scheme already (so a
// restart changes nothing).
func LoadRanking(ctx context.Context, svc *rank.Service, st Structure) error {
	p := &access.Principal{Username: "system", Kind: "staff", Grants: []access.Grant{{Role: access.Supervisor, Region: st.Prefecture}}}
	list, err := svc.Schemes(ctx, p)
	if err != nil {
		return err
	}
	for _, sc := range list {
		if sc.Region == st.Prefecture {
			return nil
		}
	}
	in := RankScheme
	in.Region = st.Prefecture
	_, err = svc.Create(ctx, p, in)
	return err
}
