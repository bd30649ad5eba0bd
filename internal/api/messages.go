package api

import "github.com/danielgtaylor/huma/v2/validation"

// zhValidation translates huma's schema-validation messages into Chinese.
func zhValidation() {
	validation.MsgUnexpectedProperty = "不允许的字段"
	validation.MsgExpectedBoolean = "应为布尔值"
	validation.MsgExpectedNumber = "应为数字"
	validation.MsgExpectedInteger = "应为整数"
	validation.MsgExpectedString = "应为字符串"
	validation.MsgExpectedArray = "应为数组"
	validation.MsgExpectedObject = "应为对象"
	validation.MsgExpectedOneOf = "应为以下值之一：\"%s\""
	validation.MsgExpectedMinimumNumber = "应不小于 %v"
	validation.MsgExpectedExclusiveMinimumNumber = "应大于 %v"
	validation.MsgExpectedMaximumNumber = "应不大于 %v"
	validation.MsgExpectedExclusiveMaximumNumber = "应小于 %v"
	validation.MsgExpectedMinLength = "长度应不少于 %d"
	validation.MsgExpectedMaxLength = "长度应不超过 %d"
	validation.MsgExpectedMatchPattern = "格式不符合要求（%s）"
	validation.MsgExpectedBePattern = "格式应为 %s"
	validation.MsgExpectedMinItems = "至少需要 %d 项"
	validation.MsgExpectedMaxItems = "最多 %d 项"
	validation.MsgExpectedRequiredProperty = "缺少必填字段 %s"
	validation.MsgExpectedRFC3339Date = "应为日期，格式 YYYY-MM-DD"
	validation.MsgExpectedRFC3339DateTime = "应为 RFC 3339 时间"
	validation.MsgExpectedArrayItemsUnique = "数组元素不能重复"
}
