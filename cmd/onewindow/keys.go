package main

import (
	"context"
	"fmt"
	"os"

	"github.com/onewindow/onewindow/internal/pii"
)

// runKeys: `onewindow keys generate` prints a fresh personal-data keyring in
// the ONEWINDOW_PII_KEY format, for operators who keep the key outside the
// data directory (several nodes must share one key).
func runKeys(ctx context.Context, args []string) error {
	if len(args) != 1 || args[0] != "generate" {
		fmt.Fprintln(os.Stderr, "用法: onewindow keys generate   （输出 ONEWINDOW_PII_KEY 格式的新密钥：ID:SM4HEX:INDEXHEX）")
		return exitCode{code: 2, msg: "未知的 keys 子命令"}
	}
	k, err := pii.GenerateHex()
	if err != nil {
		return err
	}
	fmt.Println(k)
	return nil
}
