package queue

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var (
	outboxRelayed = promauto.NewCounter(prometheus.CounterOpts{
		Name: "teyi_outbox_relayed_total", Help: "Outbox rows enqueued into asynq.",
	})
	outboxRequeued = promauto.NewCounter(prometheus.CounterOpts{
		Name: "teyi_outbox_requeued_total", Help: "Stale outbox rows handed back to the relay by the reconciler.",
	})
	tasksProcessed = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "teyi_tasks_processed_total", Help: "Tasks handled, by kind and outcome.",
	}, []string{"kind", "outcome"})
)
