// Package deploy holds Teyi's deployment files and the offline tests that
// validate them; it has no code of its own.
//
//	Dockerfile               multi-stage image build (context: repository root)
//	Dockerfile.dockerignore  BuildKit's ignore file for that build
//	compose.yaml             one machine: PostgreSQL, Redis, migrate, serve, worker, scheduler
//	redis.conf               Redis with AOF and maxmemory-policy noeviction
//	systemd/                 units for machines without containers
//	k8s/base, k8s/overlays/  Kubernetes manifests (kustomize)
//	local/                   PostgreSQL and Redis for development
//
// `go test ./deploy/...` builds every kustomization with kustomize's Go API,
// decodes each resource strictly into its Kubernetes API type and checks the
// invariants of a Teyi installation (one scheduler, probes, non-root, …); it
// also checks compose.yaml, redis.conf, the Dockerfile and the systemd units.
// No cluster, Docker daemon or network is needed.
package deploy
