package sqlstore

import (
	"context"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/files"
)

// FileStore implements files.Store on the files table; the content is a
// BLOB (BYTEA) beside the metadata, so every node serves every file.
type FileStore struct{ db *DB }

// NewFileStore returns the file store on db.
func NewFileStore(db *DB) *FileStore { return &FileStore{db: db} }

var _ files.Store = (*FileStore)(nil)

const fileCols = "id, owner_id, case_id, name, content_type, size, sm3, created_at"

// PutFile inserts f with its content and writes evs in the same transaction.
func (s *FileStore) PutFile(ctx context.Context, f files.File, data []byte, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO files (id, owner_id, case_id, name, content_type, size, sm3, data, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			f.ID, f.OwnerID, f.CaseID, f.Name, f.ContentType, f.Size, f.SM3, data, ms(f.CreatedAt))
		if err != nil {
			return mapErr(err)
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// File returns a file's metadata. errs.NotFound.
func (s *FileStore) File(ctx context.Context, id string) (files.File, error) {
	f, err := scanFile(s.db.QueryRow(ctx, "SELECT "+fileCols+" FROM files WHERE id = ?", id))
	return f, fileErr(err)
}

// FileData returns a file's metadata and content. errs.NotFound.
func (s *FileStore) FileData(ctx context.Context, id string) (files.File, []byte, error) {
	var data []byte
	f, err := scanFile(s.db.QueryRow(ctx, "SELECT "+fileCols+", data FROM files WHERE id = ?", id), &data)
	if err != nil {
		return files.File{}, nil, fileErr(err)
	}
	return f, data, nil
}

func scanFile(s scanner, extra ...any) (files.File, error) {
	var f files.File
	var at int64
	dest := append([]any{&f.ID, &f.OwnerID, &f.CaseID, &f.Name, &f.ContentType, &f.Size, &f.SM3, &at}, extra...)
	if err := s.Scan(dest...); err != nil {
		return files.File{}, mapErr(err)
	}
	f.CreatedAt = fromMS(at)
	return f, nil
}

// fileErr names the missing record in the message.
func fileErr(err error) error {
	if errs.Is(err, errs.NotFound) {
		return errs.Wrap(err, errs.NotFound, "文件不存在")
	}
	return err
}
