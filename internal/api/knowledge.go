package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/knowledge"
)

// The knowledge-base API (知识库): every staff member searches and reads
// published articles; a department's knowledge.edit staff (审批负责人)
// write, publish, retire and re-confirm its own. A use (一次办结) is
// counted by the ticket action that answers from an article, not here.

type kbListIn struct{ knowledge.Query }

type kbListOut struct{ Body knowledge.Page }

type kbIDIn struct {
	ID int64 `path:"id" doc:"文章编号"`
}

type kbView struct {
	knowledge.Article
	CanEdit  bool                `json:"can_edit" doc:"本人可以修改、发布、下架和复核确认"`
	Versions []knowledge.Version `json:"versions" doc:"历次保存的内容，新的在前：据此可查某次答复时的原文"`
}

type kbViewOut struct{ Body kbView }

type kbCreateIn struct{ Body knowledge.Input }

type kbPutIn struct {
	ID   int64 `path:"id" doc:"文章编号"`
	Body knowledge.Input
}

type kbTransitionIn struct {
	ID   int64 `path:"id" doc:"文章编号"`
	Body knowledge.Transition
}

type kbOut struct{ Body knowledge.Article }

// AddKnowledge registers the knowledge-base operations.
func (a *API) AddKnowledge(svc *knowledge.Service) {
	tags := []string{"知识库"}
	register(a, access.StructureView, huma.Operation{
		OperationID: "list-knowledge", Method: http.MethodGet, Path: "/api/v1/knowledge", Tags: tags,
		Summary: "搜索或列出知识库文章",
		Description: "工作人员均可搜索已发布的文章。q 为中文搜索词（两个字以上按相邻两字匹配，“执照”可找到“营业执照”），" +
			"标题或问法命中的排在前面，其次按引用次数；snippet 为答复中命中处前后的一段。dept 按部门，stale=true 只看已过复核日期的，" +
			"status=draft、retired 或 all 只列出本人可维护部门的文章。stale 标记已过复核日期、待部门复核的文章。游标分页。",
	}, func(ctx context.Context, in *kbListIn) (*kbListOut, error) {
		pg, err := svc.Search(ctx, principal(ctx), in.Query)
		return &kbListOut{Body: pg}, inQuery(err)
	})
	register(a, access.StructureView, huma.Operation{
		OperationID: "get-knowledge", Method: http.MethodGet, Path: "/api/v1/knowledge/{id}", Tags: tags,
		Summary:     "知识库文章详情，含引用次数与历次版本",
		Description: "已发布的文章工作人员均可查看；草稿和已下架的只有所属部门的维护人员可以查看，其他人 404。",
	}, func(ctx context.Context, in *kbIDIn) (*kbViewOut, error) {
		p := principal(ctx)
		art, err := svc.Get(ctx, p, in.ID)
		if err != nil {
			return nil, err
		}
		vs, err := svc.Versions(ctx, p, in.ID)
		if err != nil {
			return nil, err
		}
		return &kbViewOut{Body: kbView{Article: art, CanEdit: knowledge.CanEdit(p, art), Versions: vs}}, nil
	})
	register(a, access.KnowledgeEdit, huma.Operation{
		OperationID: "create-knowledge", Method: http.MethodPost, Path: "/api/v1/knowledge", Tags: tags,
		Summary:     "新建知识库文章（草稿）",
		Description: "dept_id 不填时取本人所在部门；只能为本人可维护的部门新建（否则 403）。标题最多 100 字，答复最多 5000 字，所有问题一次列出（422），不做任何改动。",
	}, func(ctx context.Context, in *kbCreateIn) (*kbOut, error) {
		art, err := svc.Create(ctx, principal(ctx), in.Body)
		return &kbOut{Body: art}, locate(err, "body.")
	})
	register(a, access.KnowledgeEdit, huma.Operation{
		OperationID: "put-knowledge", Method: http.MethodPut, Path: "/api/v1/knowledge/{id}", Tags: tags,
		Summary:     "修改知识库文章",
		Description: "version 为读取时的版本号，与当前不符返回 409（他人已修改）。修改后文章保持原状态；每次保存都留有版本。其他部门的已发布文章 403，草稿 404。",
	}, func(ctx context.Context, in *kbPutIn) (*kbOut, error) {
		art, err := svc.Update(ctx, principal(ctx), in.ID, in.Body)
		return &kbOut{Body: art}, locate(err, "body.")
	})
	for _, t := range []struct {
		action, id, summary, desc string
		fn                        func(context.Context, *access.Principal, int64, knowledge.Transition) (knowledge.Article, error)
	}{
		{"publish", "publish-knowledge", "发布知识库文章", "草稿或已下架的文章发布后话务员即可检索；review_due 为下次复核日期，默认 180 天后。已发布的 409。", svc.Publish},
		{"retire", "retire-knowledge", "下架知识库文章", "下架后不再出现在检索结果中，也不能据此答复来电；内容与历史保留。已下架的 409。", svc.Retire},
		{"confirm", "confirm-knowledge", "复核确认（延长复核期）", "部门确认已发布文章仍然准确，复核日期延至 review_due（默认 180 天后），不再标记待复核。未发布的 409。", svc.Confirm},
	} {
		register(a, access.KnowledgeEdit, huma.Operation{
			OperationID: t.id, Method: http.MethodPost, Path: "/api/v1/knowledge/{id}/" + t.action, Tags: tags,
			Summary: t.summary, Description: t.desc + " version 与当前版本不符 409。",
		}, func(ctx context.Context, in *kbTransitionIn) (*kbOut, error) {
			art, err := t.fn(ctx, principal(ctx), in.ID, in.Body)
			return &kbOut{Body: art}, locate(err, "body.")
		})
	}
}
