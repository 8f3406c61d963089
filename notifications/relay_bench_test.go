package notifications_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
	"xietong/notifications"
)

// BenchmarkRelayReplicas measures outbox delivery to a local SMTP sink with
// three relays (as three replicas would run) sharing one PostgreSQL queue.
// It reports messages per second; the target is at least 200.
func BenchmarkRelayReplicas(b *testing.B) {
	const perRound = 600
	db := storetest.Postgres(b)
	srv := newMailServer(b)
	f := newFixture(b, db)
	task := f.assign(b, 1)[0]
	ctx := context.Background()
	payload := domain.Notice{TaskID: task, TaskTitle: "排查小区消防隐患", LeadOrg: "西安市公安局", DueDate: "2025-03-10"}.Encode()
	relays := make([]*notifications.Relay, 3)
	for i := range relays {
		tr, err := notifications.NewSMTP(srv.URL(), 5*time.Second)
		if err != nil {
			b.Fatal(err)
		}
		relays[i] = f.relay(db.Open(b), tr)
		relays[i].Batch = 50
	}
	var total time.Duration
	sent := 0
	for round := 0; b.Loop(); round++ {
		b.StopTimer()
		err := db.InTx(ctx, func(tx domain.Tx) error {
			for i := 0; i < perRound; i++ {
				m := domain.OutboxMessage{DedupeKey: fmt.Sprintf("bench:%d:%d", round, i), Kind: domain.MailTaskAssigned,
					Lang: "zh-CN", To: fmt.Sprintf("u%d@dept.example.cn", i), TaskID: task, Payload: payload,
					Status: domain.OutboxQueued, NextAttemptAt: f.now, CreatedAt: f.now}
				if err := tx.EnqueueMail(ctx, &m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		var wg sync.WaitGroup
		for _, r := range relays {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					n, err := r.RunOnce(ctx)
					if err != nil {
						b.Error(err)
						return
					}
					if n == 0 {
						return
					}
				}
			}()
		}
		wg.Wait()
		total += time.Since(start)
		sent += perRound
	}
	b.ReportMetric(float64(sent)/total.Seconds(), "msgs/s")
}
