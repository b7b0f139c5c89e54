package deploy

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/util/intstr"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resmap"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// Names of Teyi's Kubernetes objects, shared by base and overlays.
const (
	serveName     = "teyi-serve"
	workerName    = "teyi-worker"
	schedulerName = "teyi-scheduler"
	migrateName   = "teyi-migrate"
	configSecret  = "teyi-config"
)

// customKinds lists non-built-in kinds (CRDs) that an overlay may contain,
// e.g. monitoring.coreos.com/v1 PodMonitor. They cannot be decoded strictly;
// every other kind must be registered in newScheme. Empty on purpose.
var customKinds = map[schema.GroupVersionKind]bool{}

// newScheme registers the built-in API types a Teyi overlay may reasonably
// use. No client-go: the types come straight from k8s.io/api.
func newScheme() *runtime.Scheme {
	s := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme,
		appsv1.AddToScheme,
		batchv1.AddToScheme,
		autoscalingv2.AddToScheme,
		policyv1.AddToScheme,
		networkingv1.AddToScheme,
		rbacv1.AddToScheme,
	} {
		utilruntime.Must(add(s))
	}
	return s
}

var (
	scheme = newScheme()
	// strictDecoder fails on unknown fields, duplicate fields, fields whose
	// case does not match and kinds that are not registered in the scheme.
	strictDecoder = kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, scheme, scheme,
		kjson.SerializerOptions{Yaml: true, Strict: true})
)

// bundle is the typed output of one kustomization.
type bundle struct {
	dir         string
	objects     []runtime.Object
	deployments map[string]*appsv1.Deployment
	services    map[string]*corev1.Service
	hpas        map[string]*autoscalingv2.HorizontalPodAutoscaler
	pdbs        map[string]*policyv1.PodDisruptionBudget
	jobs        map[string]*batchv1.Job
	secrets     map[string]*corev1.Secret
	namespaces  map[string]*corev1.Namespace
	pvcs        map[string]*corev1.PersistentVolumeClaim
}

// kustomize builds the kustomization in dir, read from fSys.
func kustomize(fSys filesys.FileSystem, dir string) (resmap.ResMap, error) {
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	return k.Run(fSys, dir)
}

// decode strictly decodes every resource of rm into its API type.
func decode(dir string, rm resmap.ResMap) (*bundle, error) {
	b := &bundle{
		dir:         dir,
		deployments: map[string]*appsv1.Deployment{},
		services:    map[string]*corev1.Service{},
		hpas:        map[string]*autoscalingv2.HorizontalPodAutoscaler{},
		pdbs:        map[string]*policyv1.PodDisruptionBudget{},
		jobs:        map[string]*batchv1.Job{},
		secrets:     map[string]*corev1.Secret{},
		namespaces:  map[string]*corev1.Namespace{},
		pvcs:        map[string]*corev1.PersistentVolumeClaim{},
	}
	var errs []error
	for _, r := range rm.Resources() {
		id := r.CurId().String()
		y, err := r.AsYAML()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", id, err))
			continue
		}
		gvk := schema.FromAPIVersionAndKind(r.GetApiVersion(), r.GetKind())
		if customKinds[gvk] {
			continue
		}
		obj, _, err := strictDecoder.Decode(y, nil, nil)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: strict decoding: %w", id, err))
			continue
		}
		b.objects = append(b.objects, obj)
		switch o := obj.(type) {
		case *appsv1.Deployment:
			b.deployments[o.Name] = o
		case *corev1.Service:
			b.services[o.Name] = o
		case *autoscalingv2.HorizontalPodAutoscaler:
			b.hpas[o.Name] = o
		case *policyv1.PodDisruptionBudget:
			b.pdbs[o.Name] = o
		case *batchv1.Job:
			b.jobs[o.Name] = o
		case *corev1.Secret:
			b.secrets[o.Name] = o
		case *corev1.Namespace:
			b.namespaces[o.Name] = o
		case *corev1.PersistentVolumeClaim:
			b.pvcs[o.Name] = o
		}
	}
	return b, errors.Join(errs...)
}

// kustomizations returns the base and every overlay directory.
func kustomizations(t *testing.T) (base string, overlays []string) {
	t.Helper()
	base = filepath.Join("k8s", "base")
	if _, err := os.Stat(filepath.Join(base, "kustomization.yaml")); err != nil {
		t.Fatalf("no base kustomization: %v", err)
	}
	found, err := filepath.Glob(filepath.Join("k8s", "overlays", "*", "kustomization.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		overlays = append(overlays, filepath.Dir(f))
	}
	if len(overlays) == 0 {
		t.Fatal("no overlay under k8s/overlays/")
	}
	sort.Strings(overlays)
	return base, overlays
}

func buildAndDecode(t *testing.T, dir string) *bundle {
	t.Helper()
	rm, err := kustomize(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatalf("kustomize build %s: %v", dir, err)
	}
	b, err := decode(dir, rm)
	if err != nil {
		t.Fatalf("kustomize build %s:\n%v", dir, err)
	}
	return b
}

// TestKustomizations builds the base and each overlay, decodes strictly and
// checks the invariants of a Teyi installation.
func TestKustomizations(t *testing.T) {
	base, overlays := kustomizations(t)
	t.Run("base", func(t *testing.T) {
		b := buildAndDecode(t, base)
		for _, err := range checkBundle(b, false) {
			t.Error(err)
		}
		// The base's own numbers, as documented in k8s/README.md.
		if r := b.deployments[serveName].Spec.Replicas; r == nil || *r != 2 {
			t.Errorf("base: %s replicas = %v, want 2", serveName, ptrStr(r))
		}
		if r := b.deployments[workerName].Spec.Replicas; r == nil || *r != 2 {
			t.Errorf("base: %s replicas = %v, want 2", workerName, ptrStr(r))
		}
		for _, o := range b.objects {
			if ns := o.(metav1.Object).GetNamespace(); ns != "" {
				t.Errorf("base: %s has namespace %q; leave namespaces to overlays", o.(metav1.Object).GetName(), ns)
			}
		}
	})
	for _, dir := range overlays {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			b := buildAndDecode(t, dir)
			for _, err := range checkBundle(b, true) {
				t.Error(err)
			}
		})
	}
}

// checkBundle returns every violated invariant. overlay adds the checks that
// only an installable overlay must pass (namespace, pinned images, Secret).
func checkBundle(b *bundle, overlay bool) []error {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{b.dir}, args...)...))
	}

	// The expected objects.
	for _, name := range []string{serveName, workerName, schedulerName} {
		if b.deployments[name] == nil {
			fail("missing Deployment %s", name)
		}
	}
	if b.services[serveName] == nil {
		fail("missing Service %s", serveName)
	}
	if b.hpas[serveName] == nil {
		fail("missing HorizontalPodAutoscaler %s", serveName)
	}
	if b.pdbs[serveName] == nil {
		fail("missing PodDisruptionBudget %s", serveName)
	}
	if b.jobs[migrateName] == nil {
		fail("missing Job %s", migrateName)
	}
	if len(errs) > 0 {
		return errs // the checks below need these objects
	}

	// Every pod template.
	type podOwner struct {
		id         string
		component  string
		template   *corev1.PodTemplateSpec
		subcommand []string
	}
	owners := []podOwner{
		{"Deployment/" + serveName, "serve", &b.deployments[serveName].Spec.Template, []string{"serve"}},
		{"Deployment/" + workerName, "worker", &b.deployments[workerName].Spec.Template, []string{"worker"}},
		{"Deployment/" + schedulerName, "scheduler", &b.deployments[schedulerName].Spec.Template, []string{"scheduler"}},
		{"Job/" + migrateName, "migrate", &b.jobs[migrateName].Spec.Template, []string{"migrate", "up"}},
	}
	for name, d := range b.deployments {
		if !slices.ContainsFunc(owners, func(o podOwner) bool { return o.id == "Deployment/"+name }) {
			owners = append(owners, podOwner{"Deployment/" + name, "", &d.Spec.Template, nil})
		}
	}
	for _, o := range owners {
		spec := &o.template.Spec
		if len(spec.Containers) == 0 {
			fail("%s: no containers", o.id)
			continue
		}
		if spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken {
			fail("%s: automountServiceAccountToken must be false (Teyi does not talk to the API server)", o.id)
		}
		all := append(slices.Clone(spec.InitContainers), spec.Containers...)
		for i := range all {
			c := &all[i]
			cid := o.id + " container " + c.Name
			errs = append(errs, checkImage(b.dir, cid, c.Image, overlay)...)
			errs = append(errs, checkSecurity(b.dir, cid, spec.SecurityContext, c.SecurityContext)...)
			errs = append(errs, checkResources(b.dir, cid, c.Resources)...)
			errs = append(errs, checkConfigSecret(b, cid, c, overlay)...)
			if len(c.Ports) > 0 {
				errs = append(errs, checkHTTPServer(b.dir, cid, c)...)
			}
		}
		main := &spec.Containers[0]
		if o.subcommand != nil {
			if got := teyiArgs(main); !slices.Equal(got, o.subcommand) {
				fail("%s: runs teyi %q, want teyi %q", o.id, got, o.subcommand)
			}
		}
		if o.component == "serve" && len(main.Ports) == 0 {
			fail("%s: teyi serve declares no container port (so no probes are checked)", o.id)
		}
		if o.component == "serve" || o.component == "worker" || o.component == "scheduler" {
			errs = append(errs, checkDataDir(b, o.id, spec, main)...)
		}
	}

	// Deployments: selectors match their own pods and no other workload's.
	templates := map[string]map[string]string{}
	for name, d := range b.deployments {
		templates["Deployment/"+name] = d.Spec.Template.Labels
	}
	for name, j := range b.jobs {
		templates["Job/"+name] = j.Spec.Template.Labels
	}
	for name, d := range b.deployments {
		sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
		if err != nil || sel.Empty() {
			fail("Deployment/%s: bad or empty selector: %v", name, err)
			continue
		}
		for id, l := range templates {
			matches := sel.Matches(labels.Set(l))
			if id == "Deployment/"+name && !matches {
				fail("Deployment/%s: selector %s does not match its pod template labels %v", name, sel, l)
			}
			if id != "Deployment/"+name && matches {
				fail("Deployment/%s: selector %s also matches the pods of %s", name, sel, id)
			}
		}
	}

	serve := b.deployments[serveName]
	matchesOnlyServe := func(what string, sel labels.Selector) {
		for id, l := range templates {
			m := sel.Matches(labels.Set(l))
			if id == "Deployment/"+serveName && !m {
				fail("%s: selector %s does not select the %s pods", what, sel, serveName)
			}
			if id != "Deployment/"+serveName && m {
				fail("%s: selector %s also selects the pods of %s", what, sel, id)
			}
		}
	}

	// Service: selects the serve pods, targets a declared container port.
	svc := b.services[serveName]
	if len(svc.Spec.Selector) == 0 {
		fail("Service/%s: no selector", serveName)
	} else {
		matchesOnlyServe("Service/"+serveName, labels.SelectorFromSet(svc.Spec.Selector))
	}
	for _, p := range svc.Spec.Ports {
		if findPort(serve.Spec.Template.Spec.Containers, p.TargetPort.String()) == nil {
			fail("Service/%s: targetPort %s is not a container port of %s", serveName, p.TargetPort.String(), serveName)
		}
	}

	// HPA: scales serve (never the scheduler), on CPU relative to requests.
	hpaTargets := map[string]bool{}
	for name, h := range b.hpas {
		ref := h.Spec.ScaleTargetRef
		hpaTargets[ref.Name] = true
		target := b.deployments[ref.Name]
		if ref.Kind != "Deployment" || ref.APIVersion != "apps/v1" || target == nil {
			fail("HorizontalPodAutoscaler/%s: scaleTargetRef %s %s/%s is not a Deployment of this build", name, ref.APIVersion, ref.Kind, ref.Name)
			continue
		}
		minR := int32(1)
		if h.Spec.MinReplicas != nil {
			minR = *h.Spec.MinReplicas
		}
		if minR < 2 || h.Spec.MaxReplicas < minR {
			fail("HorizontalPodAutoscaler/%s: minReplicas %d, maxReplicas %d (want 2 <= min <= max)", name, minR, h.Spec.MaxReplicas)
		}
		if r := target.Spec.Replicas; r == nil || *r < minR || *r > h.Spec.MaxReplicas {
			fail("HorizontalPodAutoscaler/%s: Deployment/%s replicas %s outside [%d, %d]", name, ref.Name, ptrStr(r), minR, h.Spec.MaxReplicas)
		}
		cpu := false
		for _, m := range h.Spec.Metrics {
			if m.Type == autoscalingv2.ResourceMetricSourceType && m.Resource != nil && m.Resource.Name == corev1.ResourceCPU {
				cpu = true
				if m.Resource.Target.Type == autoscalingv2.UtilizationMetricType {
					for _, c := range target.Spec.Template.Spec.Containers {
						if _, ok := c.Resources.Requests[corev1.ResourceCPU]; !ok {
							fail("HorizontalPodAutoscaler/%s: CPU utilization needs requests.cpu on container %s", name, c.Name)
						}
					}
				}
			}
		}
		if !cpu {
			fail("HorizontalPodAutoscaler/%s: no CPU resource metric", name)
		}
	}
	if !hpaTargets[serveName] {
		fail("no HorizontalPodAutoscaler targets Deployment/%s", serveName)
	}

	// PDB: selects the serve pods and still lets one pod be evicted.
	pdb := b.pdbs[serveName]
	if sel, err := metav1.LabelSelectorAsSelector(pdb.Spec.Selector); err != nil || sel.Empty() {
		fail("PodDisruptionBudget/%s: bad or empty selector: %v", serveName, err)
	} else {
		matchesOnlyServe("PodDisruptionBudget/"+serveName, sel)
	}
	if ma := pdb.Spec.MinAvailable; ma != nil && serve.Spec.Replicas != nil && ma.IntValue() >= int(*serve.Spec.Replicas) {
		fail("PodDisruptionBudget/%s: minAvailable %s >= replicas %d blocks node drains", serveName, ma.String(), *serve.Spec.Replicas)
	}
	if ma, mu := pdb.Spec.MinAvailable, pdb.Spec.MaxUnavailable; (ma == nil) == (mu == nil) {
		fail("PodDisruptionBudget/%s: set exactly one of minAvailable and maxUnavailable", serveName)
	}

	// Scheduler: exactly one, never two at a time, never autoscaled.
	sched := b.deployments[schedulerName]
	if r := sched.Spec.Replicas; r == nil || *r != 1 {
		fail("Deployment/%s: replicas = %s, want exactly 1", schedulerName, ptrStr(r))
	}
	if sched.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType {
		fail("Deployment/%s: strategy %q, want Recreate", schedulerName, sched.Spec.Strategy.Type)
	}
	if hpaTargets[schedulerName] {
		fail("Deployment/%s: must not be autoscaled", schedulerName)
	}

	// Workers: at least one.
	if r := b.deployments[workerName].Spec.Replicas; r == nil || *r < 1 {
		fail("Deployment/%s: replicas = %s, want >= 1", workerName, ptrStr(r))
	}

	// Migrate Job.
	job := b.jobs[migrateName]
	if job.Spec.BackoffLimit == nil {
		fail("Job/%s: no backoffLimit", migrateName)
	}
	if rp := job.Spec.Template.Spec.RestartPolicy; rp != corev1.RestartPolicyNever && rp != corev1.RestartPolicyOnFailure {
		fail("Job/%s: restartPolicy %q, want Never or OnFailure", migrateName, rp)
	}

	if overlay {
		// One namespace for everything namespaced.
		nss := map[string]bool{}
		for _, o := range b.objects {
			if _, ok := o.(*corev1.Namespace); ok {
				continue
			}
			m := o.(metav1.Object)
			if m.GetNamespace() == "" {
				fail("%T %s: no namespace (set `namespace:` in the overlay)", o, m.GetName())
			}
			nss[m.GetNamespace()] = true
		}
		if len(nss) > 1 {
			fail("objects spread over namespaces %v", nss)
		}
		for _, s := range b.secrets {
			if strings.HasPrefix(s.Name, configSecret) {
				errs = append(errs, checkConfigSecretData(b.dir, s)...)
			}
		}
	}
	return errs
}

// teyiArgs is the teyi subcommand a container runs: the image's ENTRYPOINT
// is teyi, so args alone select it; an explicit command must be teyi.
func teyiArgs(c *corev1.Container) []string {
	switch {
	case len(c.Command) == 0:
		return c.Args
	case filepath.Base(c.Command[0]) == "teyi":
		return append(slices.Clone(c.Command[1:]), c.Args...)
	default:
		return append(slices.Clone(c.Command), c.Args...) // not teyi: never equal
	}
}

func checkImage(dir, id, image string, overlay bool) []error {
	if strings.TrimSpace(image) == "" || strings.ContainsAny(image, " \t") {
		return []error{fmt.Errorf("%s: %s: image %q is not set", dir, id, image)}
	}
	if !overlay {
		return nil
	}
	name, digest, _ := strings.Cut(image, "@")
	tag := ""
	if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
		tag = name[i+1:]
	}
	if digest == "" && (tag == "" || tag == "latest") {
		return []error{fmt.Errorf("%s: %s: image %q is not pinned (set a tag other than latest, or a digest)", dir, id, image)}
	}
	return nil
}

func checkSecurity(dir, id string, pod *corev1.PodSecurityContext, c *corev1.SecurityContext) []error {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s: "+format, append([]any{dir, id}, args...)...))
	}
	if pod == nil {
		pod = &corev1.PodSecurityContext{}
	}
	if c == nil {
		c = &corev1.SecurityContext{}
	}
	nonRoot := pod.RunAsNonRoot
	if c.RunAsNonRoot != nil {
		nonRoot = c.RunAsNonRoot
	}
	user := pod.RunAsUser
	if c.RunAsUser != nil {
		user = c.RunAsUser
	}
	if nonRoot == nil || !*nonRoot {
		fail("runAsNonRoot is not true")
	}
	if user != nil && *user == 0 {
		fail("runs as user 0 (root)")
	}
	group := pod.RunAsGroup
	if c.RunAsGroup != nil {
		group = c.RunAsGroup
	}
	if group != nil && *group == 0 {
		fail("runs as group 0")
	}
	if c.Privileged != nil && *c.Privileged {
		fail("privileged")
	}
	if c.AllowPrivilegeEscalation == nil || *c.AllowPrivilegeEscalation {
		fail("allowPrivilegeEscalation is not false")
	}
	if c.ReadOnlyRootFilesystem == nil || !*c.ReadOnlyRootFilesystem {
		fail("readOnlyRootFilesystem is not true")
	}
	if c.Capabilities == nil || !slices.Contains(c.Capabilities.Drop, "ALL") || len(c.Capabilities.Add) > 0 {
		fail("capabilities must drop ALL and add none")
	}
	seccomp := pod.SeccompProfile
	if c.SeccompProfile != nil {
		seccomp = c.SeccompProfile
	}
	if seccomp == nil || (seccomp.Type != corev1.SeccompProfileTypeRuntimeDefault && seccomp.Type != corev1.SeccompProfileTypeLocalhost) {
		fail("seccompProfile must be RuntimeDefault or Localhost (restricted Pod Security Standard)")
	}
	return errs
}

func checkResources(dir, id string, r corev1.ResourceRequirements) []error {
	var errs []error
	for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if q, ok := r.Requests[name]; !ok || q.IsZero() {
			errs = append(errs, fmt.Errorf("%s: %s: no requests.%s", dir, id, name))
		}
	}
	if q, ok := r.Limits[corev1.ResourceMemory]; !ok || q.IsZero() {
		errs = append(errs, fmt.Errorf("%s: %s: no limits.memory", dir, id))
	}
	return errs
}

// checkConfigSecret: the container reads the Secret teyi-config through
// envFrom; in an overlay, a generated (hash-suffixed) name must resolve to a
// Secret of the build, the plain name may be created out of band.
func checkConfigSecret(b *bundle, id string, c *corev1.Container, overlay bool) []error {
	for _, ef := range c.EnvFrom {
		if ef.SecretRef == nil {
			continue
		}
		name := ef.SecretRef.Name
		switch {
		case name == configSecret:
			return nil
		case overlay && strings.HasPrefix(name, configSecret+"-") && b.secrets[name] != nil:
			return nil
		case strings.HasPrefix(name, configSecret):
			return []error{fmt.Errorf("%s: %s: envFrom Secret %q is not in the build", b.dir, id, name)}
		}
	}
	return []error{fmt.Errorf("%s: %s: does not read Secret %s through envFrom", b.dir, id, configSecret)}
}

func checkConfigSecretData(dir string, s *corev1.Secret) []error {
	var errs []error
	get := func(k string) string {
		if v, ok := s.Data[k]; ok {
			return string(v)
		}
		return s.StringData[k]
	}
	prefixes := map[string][]string{
		"DATABASE_URL":    {"postgres://", "postgresql://"},
		"REDIS_URL":       {"redis://", "rediss://"},
		"TEYI_SECRET_KEY": {""},
	}
	for _, k := range []string{"DATABASE_URL", "REDIS_URL", "TEYI_SECRET_KEY"} {
		v := get(k)
		if v == "" || !slices.ContainsFunc(prefixes[k], func(p string) bool { return strings.HasPrefix(v, p) }) {
			errs = append(errs, fmt.Errorf("%s: Secret/%s: %s missing or not one of %q", dir, s.Name, k, prefixes[k]))
		}
	}
	return errs
}

// checkHTTPServer: a container with a port serves HTTP (teyi serve): it must
// listen on all interfaces and have liveness (/healthz) and readiness
// (/readyz) probes on one of its ports.
func checkHTTPServer(dir, id string, c *corev1.Container) []error {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s: "+format, append([]any{dir, id}, args...)...))
	}
	probe := func(kind string, p *corev1.Probe, path string) {
		if p == nil {
			fail("no %s probe", kind)
			return
		}
		if p.HTTPGet == nil {
			fail("%s probe is not an HTTP GET", kind)
			return
		}
		if p.HTTPGet.Path != path {
			fail("%s probe path %q, want %q", kind, p.HTTPGet.Path, path)
		}
		if findPort([]corev1.Container{*c}, p.HTTPGet.Port.String()) == nil {
			fail("%s probe port %s is not a container port", kind, p.HTTPGet.Port.String())
		}
	}
	probe("liveness", c.LivenessProbe, "/healthz")
	probe("readiness", c.ReadinessProbe, "/readyz")

	addr := ""
	for _, e := range c.Env {
		if e.Name == "TEYI_ADDR" {
			addr = e.Value
		}
	}
	ok := false
	for _, p := range c.Ports {
		if addr == fmt.Sprintf("0.0.0.0:%d", p.ContainerPort) || addr == fmt.Sprintf(":%d", p.ContainerPort) {
			ok = true
		}
	}
	if !ok {
		fail("env TEYI_ADDR=%q does not listen on all interfaces at a container port (the default 127.0.0.1 is unreachable for probes)", addr)
	}
	return errs
}

// checkDataDir: TEYI_DATA_DIR (evidence, plan packs) is on a volume claim
// that every serve, worker and scheduler pod can mount at once — not on the
// read-only root file system, not on an emptyDir that dies with the pod.
func checkDataDir(b *bundle, id string, spec *corev1.PodSpec, c *corev1.Container) []error {
	dir := ""
	for _, e := range c.Env {
		if e.Name == "TEYI_DATA_DIR" {
			dir = e.Value
		}
	}
	if !filepath.IsAbs(dir) {
		return []error{fmt.Errorf("%s: %s: env TEYI_DATA_DIR=%q, want an absolute path on a volume", b.dir, id, dir)}
	}
	for _, m := range c.VolumeMounts {
		if m.MountPath != dir && !strings.HasPrefix(dir, strings.TrimSuffix(m.MountPath, "/")+"/") {
			continue
		}
		for _, v := range spec.Volumes {
			if v.Name != m.Name {
				continue
			}
			if v.PersistentVolumeClaim == nil || m.ReadOnly {
				return []error{fmt.Errorf("%s: %s: TEYI_DATA_DIR %s is on volume %s, not a writable PersistentVolumeClaim", b.dir, id, dir, v.Name)}
			}
			pvc := b.pvcs[v.PersistentVolumeClaim.ClaimName]
			if pvc == nil {
				return []error{fmt.Errorf("%s: %s: PersistentVolumeClaim %s is not in the build", b.dir, id, v.PersistentVolumeClaim.ClaimName)}
			}
			if !slices.Contains(pvc.Spec.AccessModes, corev1.ReadWriteMany) {
				return []error{fmt.Errorf("%s: PersistentVolumeClaim/%s: access modes %v, want ReadWriteMany (shared by all pods)", b.dir, pvc.Name, pvc.Spec.AccessModes)}
			}
			return nil
		}
	}
	return []error{fmt.Errorf("%s: %s: TEYI_DATA_DIR %s is not on a mounted volume", b.dir, id, dir)}
}

// findPort finds a container port by name or number.
func findPort(cs []corev1.Container, port string) *corev1.ContainerPort {
	for i := range cs {
		for j := range cs[i].Ports {
			p := &cs[i].Ports[j]
			if p.Name == port || fmt.Sprint(p.ContainerPort) == port {
				return p
			}
		}
	}
	return nil
}

func ptrStr(p *int32) string {
	if p == nil {
		return "unset"
	}
	return fmt.Sprint(*p)
}

// brokenDeployment is a valid Deployment with one placeholder, FIELD, where
// each case of TestStrictDecodingRejectsBrokenManifests injects an error.
const brokenDeployment = `apiVersion: apps/v1
kind: %s
metadata:
  name: broken
spec:
  %s
  selector:
    matchLabels: {app: broken}
  template:
    metadata:
      labels: {app: broken}
    spec:
      containers:
        - name: teyi
          %s
          livenessProbe:
            httpGet: {%s, port: 8080}
`

// TestStrictDecodingRejectsBrokenManifests writes manifests with unknown or
// mistyped fields to a temporary directory, builds them with kustomize from
// disk exactly like the real ones and requires the strict decoder to fail —
// so the validation above cannot pass silently.
func TestStrictDecodingRejectsBrokenManifests(t *testing.T) {
	type manifest struct{ kind, spec, image, httpGet string }
	valid := manifest{"Deployment", "replicas: 2", "image: teyi:1.0", "path: /healthz"}
	cases := []struct {
		name    string
		m       manifest
		wantErr string // "" = must decode
	}{
		{"valid control", valid, ""},
		{"unknown field in probe", manifest{valid.kind, valid.spec, valid.image, "paht: /healthz"}, `unknown field "spec.template.spec.containers[0].livenessProbe.httpGet.paht"`},
		{"misspelt spec field", manifest{valid.kind, "replica: 2", valid.image, valid.httpGet}, `unknown field "spec.replica"`},
		{"wrong case", manifest{valid.kind, valid.spec, "Image: teyi:1.0", valid.httpGet}, `unknown field "spec.template.spec.containers[0].Image"`},
		{"wrong type", manifest{valid.kind, `replicas: "two"`, valid.image, valid.httpGet}, "replicas"},
		{"unknown kind", manifest{"Deploymnet", valid.spec, valid.image, valid.httpGet}, `no kind "Deploymnet" is registered`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, content string) {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: t\nresources:\n  - deployment.yaml\n")
			write("deployment.yaml", fmt.Sprintf(brokenDeployment, tc.m.kind, tc.m.spec, tc.m.image, tc.m.httpGet))
			rm, err := kustomize(filesys.MakeFsOnDisk(), dir)
			if err != nil {
				t.Fatalf("kustomize build: %v", err)
			}
			b, err := decode(dir, rm)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("valid manifest rejected: %v", err)
				}
				if d := b.deployments["broken"]; d == nil || *d.Spec.Replicas != 2 || d.Spec.Template.Spec.Containers[0].LivenessProbe.HTTPGet.Path != "/healthz" {
					t.Fatalf("valid manifest decoded wrongly: %+v", d)
				}
				return
			}
			if err == nil {
				t.Fatalf("broken manifest (%s) decoded without error", tc.name)
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %q does not mention %q", err, tc.wantErr)
			}
			t.Logf("rejected as expected: %v", err)
			if len(b.objects) != 0 {
				t.Fatalf("broken object kept in the bundle: %d objects", len(b.objects))
			}
		})
	}
}

// TestKustomizeRejectsBrokenKustomization: a misspelt key in a
// kustomization.yaml fails the build instead of being ignored.
func TestKustomizeRejectsBrokenKustomization(t *testing.T) {
	fSys := filesys.MakeFsInMemory()
	if err := fSys.WriteFile("/k/kustomization.yaml", []byte("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespce: teyi\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := kustomize(fSys, "/k"); err == nil || !strings.Contains(err.Error(), `unknown field "namespce"`) {
		t.Fatalf("misspelt kustomization key not rejected: %v", err)
	}
}

// TestChecksRejectViolations breaks one invariant at a time in the decoded
// example overlay and requires checkBundle to report it.
func TestChecksRejectViolations(t *testing.T) {
	_, overlays := kustomizations(t)
	dir := overlays[0]
	rm, err := kustomize(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatal(err)
	}
	fresh := func(t *testing.T) *bundle {
		b, err := decode(dir, rm)
		if err != nil {
			t.Fatal(err)
		}
		if errs := checkBundle(b, true); len(errs) > 0 {
			t.Fatalf("unmodified %s fails: %v", dir, errs)
		}
		return b
	}
	i32 := func(v int32) *int32 { return &v }
	i64 := func(v int64) *int64 { return &v }
	no := func() *bool { v := false; return &v }
	container := func(b *bundle, name string) *corev1.Container {
		if j := b.jobs[name]; j != nil {
			return &j.Spec.Template.Spec.Containers[0]
		}
		return &b.deployments[name].Spec.Template.Spec.Containers[0]
	}
	cases := []struct {
		name   string
		break_ func(b *bundle)
		want   string
	}{
		{"two schedulers", func(b *bundle) { b.deployments[schedulerName].Spec.Replicas = i32(2) }, "want exactly 1"},
		{"scheduler rolling update", func(b *bundle) {
			b.deployments[schedulerName].Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType}
		}, "want Recreate"},
		{"no readiness probe", func(b *bundle) { container(b, serveName).ReadinessProbe = nil }, "no readiness probe"},
		{"liveness on /readyz", func(b *bundle) { container(b, serveName).LivenessProbe.HTTPGet.Path = "/readyz" }, `want "/healthz"`},
		{"serve on loopback", func(b *bundle) { container(b, serveName).Env = nil }, "TEYI_ADDR"},
		{"worker as root", func(b *bundle) {
			sc := container(b, workerName).SecurityContext
			sc.RunAsNonRoot, sc.RunAsUser = no(), i64(0)
		}, "runs as user 0"},
		{"pod security context dropped", func(b *bundle) { b.jobs[migrateName].Spec.Template.Spec.SecurityContext = nil }, "seccompProfile must be"},
		{"runAsNonRoot unset", func(b *bundle) {
			b.jobs[migrateName].Spec.Template.Spec.SecurityContext.RunAsNonRoot = nil
			container(b, migrateName).SecurityContext.RunAsNonRoot = nil
		}, "runAsNonRoot is not true"},
		{"capability added", func(b *bundle) {
			container(b, serveName).SecurityContext.Capabilities.Add = []corev1.Capability{"NET_BIND_SERVICE"}
		}, "capabilities must drop ALL"},
		{"no memory limit", func(b *bundle) { delete(container(b, workerName).Resources.Limits, corev1.ResourceMemory) }, "no limits.memory"},
		{"scheduler autoscaled", func(b *bundle) { b.hpas[serveName].Spec.ScaleTargetRef.Name = schedulerName }, "must not be autoscaled"},
		{"probe on undeclared port", func(b *bundle) {
			container(b, serveName).ReadinessProbe.HTTPGet.Port = intstr.FromString("metrics")
		}, "readiness probe port metrics is not a container port"},
		{"writable root", func(b *bundle) { container(b, schedulerName).SecurityContext.ReadOnlyRootFilesystem = nil }, "readOnlyRootFilesystem"},
		{"migrate down", func(b *bundle) { container(b, migrateName).Args = []string{"migrate", "down"} }, `want teyi ["migrate" "up"]`},
		{"wrong command", func(b *bundle) { container(b, migrateName).Command = []string{"/bin/sh", "-c"} }, "runs teyi"},
		{"no image", func(b *bundle) { container(b, workerName).Image = "" }, "is not set"},
		{"latest image", func(b *bundle) { container(b, serveName).Image = "registry.example.com/teyi/teyi:latest" }, "not pinned"},
		{"untagged image", func(b *bundle) { container(b, serveName).Image = "registry.example.com:5000/teyi" }, "not pinned"},
		{"no backoffLimit", func(b *bundle) { b.jobs[migrateName].Spec.BackoffLimit = nil }, "no backoffLimit"},
		{"service selects workers", func(b *bundle) { delete(b.services[serveName].Spec.Selector, "app.kubernetes.io/component") }, "also selects the pods of Deployment/teyi-worker"},
		{"pdb blocks drains", func(b *bundle) {
			v := intstr.FromInt32(3)
			b.pdbs[serveName].Spec.MinAvailable = &v
		}, "blocks node drains"},
		{"hpa below replicas", func(b *bundle) { b.hpas[serveName].Spec.MaxReplicas = 2 }, "outside"},
		{"missing job", func(b *bundle) { delete(b.jobs, migrateName) }, "missing Job teyi-migrate"},
		{"dangling secret", func(b *bundle) { clear(b.secrets) }, "is not in the build"},
		{"data on emptyDir", func(b *bundle) {
			vs := b.deployments[workerName].Spec.Template.Spec.Volumes
			for i := range vs {
				if vs[i].PersistentVolumeClaim != nil {
					vs[i].VolumeSource = corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}
				}
			}
		}, "not a writable PersistentVolumeClaim"},
		{"data not shared", func(b *bundle) {
			for _, p := range b.pvcs {
				p.Spec.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce}
			}
		}, "want ReadWriteMany"},
		{"no data dir", func(b *bundle) {
			c := container(b, serveName)
			c.Env = slices.DeleteFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == "TEYI_DATA_DIR" })
		}, "TEYI_DATA_DIR"},
		{"no namespace", func(b *bundle) { b.deployments[workerName].Namespace = "" }, "no namespace"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := fresh(t)
			tc.break_(b)
			errs := checkBundle(b, true)
			if len(errs) == 0 {
				t.Fatal("violation not detected")
			}
			joined := errors.Join(errs...).Error()
			if !strings.Contains(joined, tc.want) {
				t.Fatalf("errors do not mention %q:\n%s", tc.want, joined)
			}
		})
	}
}
