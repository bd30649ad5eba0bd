package sqlstore

// BatchStats reports how many batches the batcher has run and how many
// requests they held, so tests can see that batches form.
func (db *DB) BatchStats() (batches, requests int64) {
	return db.batch.batches.Load(), db.batch.requests.Load()
}
