package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/hotline"
)

// The 12345 hotline API (docs/hotline.md): agents take tickets and call
// back, dispatchers dispatch and review, departments sign, return, ask for
// more time and reply. The service checks who may do what to which
// ticket; routes only require a login (or the hotline permission for the
// centre's own operations).

type ticketIntakeIn struct{ Body hotline.Input }

type ticketOut struct{ Body hotline.Ticket }

type ticketNumberIn struct {
	Number string `path:"number" maxLength:"40" doc:"工单编号，如 533400-RX-20261208-000001"`
}

type ticketViewOut struct{ Body hotline.View }

type ticketActionIn struct {
	Number string `path:"number" maxLength:"40"`
	Body   hotline.ActionInput
}

type ticketListIn struct{ hotline.ListQuery }

type ticketListOut struct{ Body hotline.Page }

type ticketSimilarIn struct {
	Subject string `query:"subject" maxLength:"20" doc:"诉求分类编码"`
	Region  string `query:"region" maxLength:"12" doc:"行政区划代码"`
	Address string `query:"address" maxLength:"200" doc:"地址（相同地址的排在前面）"`
}

type ticketsOut struct {
	Body struct {
		Tickets []hotline.Ticket `json:"tickets"`
	}
}

type subjectsOut struct {
	Body struct {
		Subjects []hotline.Subject `json:"subjects"`
	}
}

type hotspotsIn struct {
	Limit int `query:"limit" minimum:"0" maximum:"100"`
}

type hotspotsOut struct {
	Body struct {
		Hotspots []hotline.Hotspot `json:"hotspots"`
	}
}

type pushIn struct{ Body hotline.PushInput }

type pushOut struct{ Body hotline.PushResult }

type figuresIn struct{ hotline.FiguresQuery }

type figuresOut struct{ Body hotline.Figures }

type ruleIn struct{ Body hotline.RuleInput }

type ruleOut struct{ Body hotline.Rule }

type ticketRevealIn struct {
	Number string `path:"number"`
	Body   struct {
		Reason string `json:"reason" doc:"查看事由（至少 4 个字），记入审计"`
	}
}

type ticketRevealOut struct {
	Body struct {
		Phone string `json:"phone" doc:"完整来电号码"`
	}
}

type hotlineLimitsOut struct {
	Body struct {
		Limits  []hotline.LimitSetting `json:"limits"`
		CanEdit bool                   `json:"can_edit"`
	}
}

type hotlineLimitsIn struct{ Body hotline.LimitsInput }

type hotlineLimitOut struct{ Body hotline.LimitSetting }

// AddHotline registers the 12345 hotline operations.
func (a *API) AddHotline(svc *hotline.Service) {
	tags := []string{"12345 热线"}
	register(a, access.HotlineTake, huma.Operation{
		OperationID: "create-ticket", Method: http.MethodPost, Path: "/api/v1/tickets", Tags: tags,
		Summary: "受理工单（电话、网站、移动端、邮件、转办）",
		Description: "话务员边接听边录入：channel 来源，type 诉求类型，subject_code 诉求分类（GET /api/v1/hotline/subjects），" +
			"region_code 诉求发生地（须为有效行政区划），content 诉求内容（≤2000 字），caller_phone 来电号码（加密保存，只返回脱敏号码），" +
			"confidential 来电人要求保密（承办部门看不到来电人）。咨询类可当场答复办结（一次办结）：填写 answer，" +
			"可注明所依据的知识库文章 article_id。未知分类或地区、内容超长返回 422，均不做任何改动。",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *ticketIntakeIn) (*ticketOut, error) {
		t, err := svc.Intake(ctx, principal(ctx), in.Body)
		return &ticketOut{Body: t}, locate(err, "body.")
	})
	register(a, access.HotlineTake, huma.Operation{
		OperationID: "similar-tickets", Method: http.MethodGet, Path: "/api/v1/tickets/similar", Tags: tags,
		Summary:     "相似工单：同一分类、同一地区近 30 天未办结的工单（同一地址的在前）",
		Description: "受理时提示可能重复的工单，派单员可将重复工单合并（merge）。",
	}, func(ctx context.Context, in *ticketSimilarIn) (*ticketsOut, error) {
		list, err := svc.Similar(ctx, principal(ctx), in.Subject, in.Region, in.Address)
		out := &ticketsOut{}
		out.Body.Tickets = list
		return out, inQuery(err)
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "get-ticket", Method: http.MethodGet, Path: "/api/v1/tickets/{number}", Tags: tags,
		Summary: "工单详情：内容、办理记录、派单建议和当前可做的操作",
		Description: "12345 热线人员和监督人员看本辖区的工单，部门看本部门主办或协办的工单；其他人得到 404。" +
			"来电号码只显示脱敏号码；来电人要求保密的工单，部门看不到来电人（caller 不返回）。",
	}, func(ctx context.Context, in *ticketNumberIn) (*ticketViewOut, error) {
		v, err := svc.Get(ctx, principal(ctx), in.Number)
		return &ticketViewOut{Body: v}, err
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "act-on-ticket", Method: http.MethodPost, Path: "/api/v1/tickets/{number}/actions", Tags: tags,
		Summary: "办理工单：派单、签收、退单、延期、答复、审核、回访、催办、合并、办结",
		Description: "派单员：dispatch（dept_id 不填则按派单规则，assists 协办部门，complex 复杂件）、return_accept、return_reject（reason 必填）、" +
			"extend_approve（days 默认为申请天数）、extend_deny（reason 必填）、review_accept、review_reject（reason 必填）、urge（text 可选）、" +
			"merge（into 为并入的工单编号）、close（outcome：invalid/explained/resolved/unresolvable，reason 必填）。" +
			"主办部门：sign、return（reason 必填）、extend（reason、days 必填）、reply（outcome：resolved/explained/unresolvable，text 必填，" +
			"unresolvable 须填 reason）。话务员：callback（satisfaction：satisfied/basic/unsatisfied，不满意则退回原部门重办）。" +
			"效能监督人员：urge（督办）。看不到的工单 404，不是本人可做的 403，当前状态不允许（如答复前回访）或版本已变 409，" +
			"输入有误 422，均不做任何改动。",
	}, func(ctx context.Context, in *ticketActionIn) (*ticketOut, error) {
		t, err := svc.Act(ctx, principal(ctx), in.Number, in.Body)
		return &ticketOut{Body: t}, locate(err, "body.")
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "list-tickets", Method: http.MethodGet, Path: "/api/v1/tickets", Tags: tags,
		Summary: "工单列表：我受理的、待办队列、部门工单、全部",
		Description: "view=mine 本人受理的；queue 派单员的待派单、退单、延期、待审核，话务员的待回访；dept 本部门主办或协办的；" +
			"all 本辖区全部。status（可逗号分隔）、subject、region、dept、type、from、to 筛选；metric 只列某项指标计入的工单" +
			"（GET /api/v1/hotline/figures 每项指标都给出对应的列表地址）。新的在前，游标分页（next_cursor）。",
	}, func(ctx context.Context, in *ticketListIn) (*ticketListOut, error) {
		pg, err := svc.List(ctx, principal(ctx), in.ListQuery)
		return &ticketListOut{Body: pg}, inQuery(err)
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "list-hotline-subjects", Method: http.MethodGet, Path: "/api/v1/hotline/subjects", Tags: tags,
		Summary: "诉求分类（多级），fast_lane 为企业直通车（适用企业诉求时限）",
	}, func(ctx context.Context, _ *struct{}) (*subjectsOut, error) {
		list, err := svc.Subjects(ctx)
		out := &subjectsOut{}
		out.Body.Subjects = list
		return out, err
	})
	register(a, access.HotlineRoute, huma.Operation{
		OperationID: "create-hotline-rule", Method: http.MethodPost, Path: "/api/v1/hotline/rules", Tags: tags,
		Summary: "新增派单规则：诉求分类 × 行政区划 → 部门（主办或协办）",
		Description: "派单时先找最近的上级地区（含本级）的规则，再在其中找最近的上级分类（含本级）；同一对有多个部门时，lead 为主办，其余协办；" +
			"都没有时派往所在地（或最近上级）的人民政府办公室。",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *ruleIn) (*ruleOut, error) {
		r, err := svc.AddRule(ctx, principal(ctx), in.Body)
		return &ruleOut{Body: r}, locate(err, "body.")
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "hotline-hotspots", Method: http.MethodGet, Path: "/api/v1/hotline/hotspots", Tags: tags,
		Summary:     "热点：本辖区各诉求分类 × 地区本周与上周的工单数，上升最多的在前",
		Description: "周一 00:00（北京时间）起算本周。重复和无效工单不计。需要 12345 热线、效能监督或统计查看权限。",
	}, func(ctx context.Context, in *hotspotsIn) (*hotspotsOut, error) {
		list, err := svc.Hotspots(ctx, principal(ctx), in.Limit)
		out := &hotspotsOut{}
		out.Body.Hotspots = list
		return out, inQuery(err)
	})
	register(a, access.HotlineRoute, huma.Operation{
		OperationID: "push-hotspot", Method: http.MethodPost, Path: "/api/v1/hotline/hotspots/dispatch", Tags: tags,
		Summary:     "一键送达：把一个热点（分类 × 地区，含下级）所有待派单的工单一次派给一个部门",
		Description: "dept_id 不填则按派单规则。全部成功或全部不变；没有待派单的工单返回 409。",
	}, func(ctx context.Context, in *pushIn) (*pushOut, error) {
		r, err := svc.Push(ctx, principal(ctx), in.Body)
		return &pushOut{Body: r}, locate(err, "body.")
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "hotline-figures", Method: http.MethodGet, Path: "/api/v1/hotline/figures", Tags: tags,
		Summary: "热线指标：受理量、按时签收率、按时办结率、一次办结率、回访率、满意率、退单率、重办率",
		Description: "按主办部门（group=dept）或诉求发生地（group=region）分组，统计 from–to 受理的工单（默认本月）。" +
			"每项指标给出分子（list）和分母（base）的工单列表地址。需要 12345 热线、效能监督或统计查看权限（辖区范围）。",
	}, func(ctx context.Context, in *figuresIn) (*figuresOut, error) {
		f, err := svc.Figures(ctx, principal(ctx), in.FiguresQuery)
		return &figuresOut{Body: f}, inQuery(err)
	})
	register(a, access.HotlineTake, huma.Operation{
		OperationID: "reveal-ticket-phone", Method: http.MethodPost, Path: "/api/v1/tickets/{number}/reveal", Tags: tags,
		Summary: "查看工单的完整来电号码（回访用），须说明事由",
		Description: "本辖区的话务员（hotline.take 且有 pii.reveal）可查看，任何状态的工单均可；事由（至少 4 个字）记入审计" +
			"（ticket.reveal_phone，审计记录不含号码）。部门和其他人员看不到的工单 404，看得到但无权查看号码 403，缺少事由 422。",
	}, func(ctx context.Context, in *ticketRevealIn) (*ticketRevealOut, error) {
		phone, err := svc.RevealPhone(ctx, principal(ctx), in.Number, in.Body.Reason)
		out := &ticketRevealOut{}
		out.Body.Phone = phone
		return out, locate(err, "body.")
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "list-hotline-limits", Method: http.MethodGet, Path: "/api/v1/hotline/limits", Tags: tags,
		Summary:     "工单时限：各类别（default、enterprise 企业直通车、或诉求类型）× 紧急程度的签收、办结、复杂件时限",
		Description: "12345 热线人员和效能监督人员可查看；can_edit 表示当前用户能否修改。",
	}, func(ctx context.Context, _ *struct{}) (*hotlineLimitsOut, error) {
		list, err := svc.AllLimits(ctx, principal(ctx))
		out := &hotlineLimitsOut{}
		out.Body.Limits = list
		out.Body.CanEdit = hotline.CanEditLimits(principal(ctx))
		return out, err
	})
	register(a, access.Authenticated, huma.Operation{
		OperationID: "update-hotline-limits", Method: http.MethodPut, Path: "/api/v1/hotline/limits", Tags: tags,
		Summary: "修改一行工单时限（只影响此后派出的工单）",
		Description: "州（市）级以上的派单员或效能监督人员可修改。签收时限 1 小时–10 个工作日，办结时限 1 小时–60 个工作日，" +
			"复杂件 1–60 个工作日，签收不长于办结，复杂件不短于办结。带回读取时的 updated_at，已被他人修改 409；输入有误 422。",
	}, func(ctx context.Context, in *hotlineLimitsIn) (*hotlineLimitOut, error) {
		l, err := svc.SetLimits(ctx, principal(ctx), in.Body)
		return &hotlineLimitOut{Body: l}, locate(err, "body.")
	})
}
