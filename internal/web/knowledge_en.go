package web

func init() { addEnglish(govMissingEnglish(knowledgeEnglish)) }

// knowledgeEnglish is the English of the knowledge-base pages
// (knowledge.html, knowledge_article.html, knowledge_edit.html,
// knowledge_review.html) and their titles and notices. Only entries the
// catalogue lacks are added. Articles stay in Chinese.
var knowledgeEnglish = map[string]string{
	"知识库": "Knowledge base", "待复核": "Due for review", "新建文章": "New article", "修改文章": "Edit article",
	"新建知识库文章": "New knowledge article", "修改知识库文章": "Edit knowledge article",
	"来电人问什么？输入几个字即可，如“执照”“社保卡补办”": "What is the caller asking? A few characters will do, e.g. “执照” or “社保卡补办”",
	"搜索": "Search", "只看待复核": "Due for review only", "引用": "Used", "次": "times", "复制答复": "Copy answer",
	"全文与修改记录": "Full text and history", "已过复核日期，答复前请留意内容是否仍然适用": "Past its review date: check the answer still applies before giving it",
	"没有找到相关文章。换个说法，或少输入几个字再试。": "No article found. Try other words, or fewer characters.",
	"还没有已发布的文章。":               "No published articles yet.", "第一页": "First page", "下一页": "Next page", "位置": "You are here",
	"修改": "Edit", "已过复核日期，请所属部门复核确认或修改。": "Past its review date: the owning department should re-confirm or edit it.",
	"所属部门": "Department", "状态": "Status", "已发布": "Published", "草稿": "Draft", "已下架": "Retired",
	"复核日期": "Review date", "引用次数": "Uses", "最近": "last", "其他问法": "Other wordings", "诉求分类": "Subjects",
	"版本": "Version", "答复口径": "Answer", "发布与复核": "Publishing and review",
	"下次复核日期（不填为 180 天后）": "Next review date (empty: in 180 days)", "发布": "Publish",
	"复核确认（内容仍然准确）": "Re-confirm (still accurate)", "下架": "Retire",
	"下架后话务员检索不到，也不能据此答复。": "Once retired, agents no longer find it and cannot answer from it.",
	"修改记录": "History", "操作": "Action", "操作人": "By", "时间": "Time", "当时的内容": "Text at the time",
	"新建": "Created", "复核确认": "Re-confirmed", "所属部门编号": "Department number",
	"标题（来电人会怎么问）": "Title (as a caller would ask)", "其他问法或关键词（每行一个）": "Other wordings or keywords (one a line)",
	"答复口径（纯文本，空行分段）":    "Answer (plain text, blank line between paragraphs)",
	"适用的诉求分类（每行一个，可不填）": "Subjects it answers (one a line, optional)", "保存": "Save", "取消": "Cancel",
	"新建的文章是草稿，发布后话务员才能检索到；已发布的文章修改后立即生效，每次保存都留有版本。":                "A new article is a draft until published; edits to a published article apply at once, and every save is kept as a version.",
	"本部门已发布的文章须在复核日期前核对：仍然准确的复核确认，需要修改的修改，已不适用的下架。七天内到期和已过期的列在这里。": "Your department's published articles must be checked by their review date: re-confirm what is still accurate, edit what is not, retire what no longer applies. Those due within seven days or past due are listed here.",
	"标题": "Title", "已过期": "Overdue", "即将到期": "Due soon", "没有需要复核的文章。": "Nothing is due for review.",
	"没有草稿。": "No drafts.",
	"草稿已保存，核对无误后请发布": "Draft saved; publish it once checked", "修改已保存": "Changes saved",
	"文章已发布，话务员现在可以检索到": "Published: agents can now find it", "文章已下架": "Article retired",
	"已复核确认，复核日期已延长": "Re-confirmed: the review date is extended",
}
