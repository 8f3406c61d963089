package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// loadCmd runs each operation on its own, for a fixed time, at each client
// count: closed-loop clients, each sending its next request when the last
// one is answered, over keep-alive connections.
func loadCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(out)
	base := fs.String("url", "http://127.0.0.1:8080", "server base URL (127.0.0.1 only: this is a load generator)")
	tokensFile := fs.String("tokens", "", `file of "lead TOKEN" and "department ORG_ID TOKEN" lines`)
	clientsS := fs.String("clients", "8,32", "comma-separated client counts, one run each")
	opsS := fs.String("ops", "create,action,list,get", "operations, measured one after another")
	duration := fs.Duration("duration", 20*time.Second, "measured time per operation and client count")
	warmup := fs.Duration("warmup", 3*time.Second, "unmeasured time before each measurement")
	rate := fs.Float64("rate", 0, "paced load: requests per second in all, spread evenly over the clients; 0: each client sends as soon as it has its answer")
	maxID := fs.Int64("max-id", 1_000_000, "tasks 1..max-id exist (get picks among them)")
	csvPath := fs.String("csv", "", "also append the results to this CSV file")
	fs.StringVar(&benchDatabase, "db-name", benchDatabase, "the database the server uses (to tell its backends from others' in the CPU figure)")
	gz := fs.Bool("gzip", true, "ask for compressed responses, as browsers and Go clients do")
	fs.IntVar(&serverPID, "server-pid", 0, "the server's process id: report its peak resident memory during each run")
	poolOut := fs.String("pool-out", "", "write the ids of the tasks the action load uses to this file (for pgbench)")
	client := fs.String("client", "wire", "how the measured requests are sent: wire (a lean HTTP/1.1 client, the default) or net/http (Go's client, as before the ninth round)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the load generator itself to this file")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	u, err := url.Parse(*base)
	if err != nil || u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" {
		return fmt.Errorf("%w: -url must be a local http://127.0.0.1:PORT address", errUsage)
	}
	clients, err := parseInts(*clientsS)
	if err != nil {
		return fmt.Errorf("%w: -clients: %v", errUsage, err)
	}
	toks, err := readTokens(*tokensFile)
	if err != nil {
		return err
	}
	if *client != "wire" && *client != "net/http" {
		return fmt.Errorf("%w: -client must be wire or net/http", errUsage)
	}
	ops := strings.Split(*opsS, ",")
	for _, op := range ops {
		if _, ok := operations[op]; !ok {
			return fmt.Errorf("%w: unknown operation %q", errUsage, op)
		}
	}
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute,
		DisableCompression: true} // send asks for gzip itself when -gzip is set
	defer tr.CloseIdleConnections()
	e := &env{base: strings.TrimRight(*base, "/"), http: &http.Client{Transport: tr, Timeout: 30 * time.Second},
		tokens: toks, maxID: *maxID, gzip: *gz, host: u.Host, netHTTP: *client == "net/http"}
	if u.Port() == "" {
		e.host = net.JoinHostPort(u.Hostname(), "80")
	}
	if err := e.prepare(ctx); err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	if *poolOut != "" {
		if err := writePool(*poolOut, e.actionPool); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "%d organisations, %d tasks for the action (%d departments), get among 1..%d\n\n",
		len(e.orgs), len(e.actionPool), len(toks.departments), e.maxID)
	stop, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stop()
	var results []result
	fmt.Fprintln(out, tableHeader)
	for _, c := range clients {
		for _, op := range ops {
			res := measure(ctx, e, op, c, *rate, *warmup, *duration)
			results = append(results, res)
			fmt.Fprintln(out, res.row())
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
	}
	for _, r := range results {
		for _, s := range r.samples {
			fmt.Fprintf(out, "  %s at %d clients: %s\n", r.op, r.clients, s)
		}
	}
	if *csvPath != "" {
		return appendCSV(*csvPath, results)
	}
	return nil
}

func writePool(path string, pool []actionTarget) error {
	var b strings.Builder
	for i, t := range pool {
		fmt.Fprintf(&b, "%d\t%d\n", i+1, t.task)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 1000 {
			return nil, fmt.Errorf("bad count %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// tokens are the bearer tokens the load uses: a bureau lead's for create,
// list and get; a department user's per organisation for actions, which only
// the lead organisation may take.
type tokens struct {
	lead        string
	departments map[int64]string
}

func readTokens(path string) (tokens, error) {
	t := tokens{departments: map[int64]string{}}
	f, err := os.Open(path)
	if err != nil {
		return t, fmt.Errorf("tokens: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 2 && fields[0] == "lead":
			t.lead = fields[1]
		case len(fields) == 3 && fields[0] == "department":
			id, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				return t, fmt.Errorf("tokens: bad organisation id %q", fields[1])
			}
			t.departments[id] = fields[2]
		}
	}
	if t.lead == "" || len(t.departments) == 0 {
		return t, errors.New("tokens: need a lead token and at least one department token")
	}
	return t, sc.Err()
}

// env is what the operations share: the server, the tokens and what
// prepare learnt from the API.
type env struct {
	base       string
	http       *http.Client
	tokens     tokens
	maxID      int64
	gzip       bool
	host       string // host:port of base, for the lean client
	netHTTP    bool   // measure through net/http's client instead
	orgs       []int64
	actionPool []actionTarget
}

type actionTarget struct {
	task  int64
	token string
}

// prepare reads the organisations and, for each department, the tasks its
// organisation leads that are in progress: "progress" can be taken on them
// again and again, so the action load never runs out of work.
func (e *env) prepare(ctx context.Context) error {
	var orgs struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := e.getJSON(ctx, "/api/v1/organizations?limit=200", e.tokens.lead, &orgs); err != nil {
		return err
	}
	for _, o := range orgs.Items {
		e.orgs = append(e.orgs, o.ID)
	}
	for org, tok := range e.tokens.departments {
		var list struct {
			Items []struct {
				ID        int64 `json:"id"`
				LeadOrgID int64 `json:"lead_org_id"`
			} `json:"items"`
		}
		path := fmt.Sprintf("/api/v1/tasks?org_id=%d&status=in_progress&limit=200", org)
		if err := e.getJSON(ctx, path, e.tokens.lead, &list); err != nil {
			return err
		}
		for _, t := range list.Items {
			if t.LeadOrgID == org {
				e.actionPool = append(e.actionPool, actionTarget{t.ID, tok})
			}
		}
	}
	if len(e.orgs) == 0 || len(e.actionPool) == 0 {
		return errors.New("no organisations or no in-progress tasks led by the departments")
	}
	rand.Shuffle(len(e.actionPool), func(i, j int) { e.actionPool[i], e.actionPool[j] = e.actionPool[j], e.actionPool[i] })
	return nil
}

func (e *env) getJSON(ctx context.Context, path, token string, v any) error {
	code, body, err := e.do(ctx, http.MethodGet, path, token, nil)
	if err != nil {
		return err
	}
	if code != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", path, code, body)
	}
	return json.Unmarshal(body, v)
}

// do sends one request and reads the whole answer.
func (e *env) do(ctx context.Context, method, path, token string, body any) (int, []byte, error) {
	return e.send(ctx, method, path, token, body, true)
}

// bodies are the buffers the clients read answers into.
var bodies = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// send sends one request and reads the whole answer. With whole it returns
// the answer's body, inflated if the server compressed it; without, only
// the first bytes of what came, for the samples of unexpected answers (an
// error's body is small and never compressed). The measured requests read
// every byte but inflate nothing: a load generator that inflated 30 KB per
// list would take from the two cores the server and PostgreSQL share.
func (e *env) send(ctx context.Context, method, path, token string, body any, whole bool) (int, []byte, error) {
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			return 0, nil, err
		}
	}
	return e.sendRaw(ctx, method, path, token, b, e.gzip, whole)
}

// sendRaw is send with the body already encoded, asking for gzip or not.
func (e *env) sendRaw(ctx context.Context, method, path, token string, body []byte, askGzip, whole bool) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, e.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	if askGzip {
		// Set by hand, the transport leaves the answer compressed.
		req.Header.Set("Accept-Encoding", "gzip")
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := e.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	buf := bodies.Get().(*bytes.Buffer)
	defer bodies.Put(buf)
	buf.Reset()
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return resp.StatusCode, nil, err
	}
	if !whole {
		return resp.StatusCode, bytes.Clone(buf.Bytes()[:min(buf.Len(), 512)]), nil
	}
	if resp.Header.Get("Content-Encoding") != "gzip" {
		return resp.StatusCode, bytes.Clone(buf.Bytes()), nil
	}
	zr, err := gzip.NewReader(buf)
	if err != nil {
		return resp.StatusCode, nil, err
	}
	b, err := io.ReadAll(zr)
	return resp.StatusCode, b, err
}

// sender sends one measured request and reads its whole answer, returning
// the status and the first bytes of the body. Each client has its own.
type sender interface {
	do(method, path, token string, body []byte, gzip bool) (int, []byte, error)
	close()
}

// newSender is a client's connection: the lean wireConn, or net/http's
// client with -client net/http (to compare them in one sitting).
func (e *env) newSender(ctx context.Context) sender {
	if e.netHTTP {
		return httpSender{ctx, e}
	}
	return newWireConn(ctx, e.host, 30*time.Second)
}

// httpSender sends through net/http's client, as the load did before the
// lean client.
type httpSender struct {
	ctx context.Context
	e   *env
}

func (h httpSender) do(method, path, token string, body []byte, gzip bool) (int, []byte, error) {
	return h.e.sendRaw(h.ctx, method, path, token, body, gzip, false)
}

func (httpSender) close() {}

// operation is one request of a kind; client is the client's number and
// seq its request count, so that clients never act on the same task.
type operation func(e *env, s sender, r *rand.Rand, client, clients, seq int) (int, []byte, error)

// operations are the four requests of the issue, with the status each expects.
var operations = map[string]struct {
	run  operation
	want int
}{
	"create": {createTask, http.StatusCreated},
	"action": {takeAction, http.StatusOK},
	"list":   {listOverdue, http.StatusOK},
	"get":    {getTask, http.StatusOK},
}

func createTask(e *env, s sender, r *rand.Rand, _, _, seq int) (int, []byte, error) {
	// Always two co-organisers, as in pgbench/create.sql.
	lead := e.orgs[r.IntN(len(e.orgs))]
	co := make([]int64, 0, 2)
	for len(co) < 2 {
		if o := e.orgs[r.IntN(len(e.orgs))]; o != lead && !containsID(co, o) {
			co = append(co, o)
		}
	}
	body, err := json.Marshal(map[string]any{"title": fmt.Sprintf("压力测试督办事项 %d", seq), "lead_org_id": lead,
		"co_org_ids": co, "due_in_working_days": 5 + r.IntN(26), "priority": "normal"})
	if err != nil {
		return 0, nil, err
	}
	return s.do(http.MethodPost, "/api/v1/tasks", e.tokens.lead, body, e.gzip)
}

func takeAction(e *env, s sender, _ *rand.Rand, client, clients, seq int) (int, []byte, error) {
	// Client i takes the pool's entries i, i+clients, …: no two clients
	// ever race on one task.
	n := len(e.actionPool)
	per := max(1, n/clients)
	t := e.actionPool[(client+clients*(seq%per))%n]
	body, err := json.Marshal(map[string]any{"action": "progress", "note": fmt.Sprintf("压力测试进展 %d", seq)})
	if err != nil {
		return 0, nil, err
	}
	return s.do(http.MethodPost, fmt.Sprintf("/api/v1/tasks/%d/actions", t.task), t.token, body, e.gzip)
}

func listOverdue(e *env, s sender, r *rand.Rand, _, _, _ int) (int, []byte, error) {
	org := e.orgs[r.IntN(len(e.orgs))]
	return s.do(http.MethodGet, fmt.Sprintf("/api/v1/tasks?org_id=%d&overdue=true&limit=50", org), e.tokens.lead, nil, e.gzip)
}

func getTask(e *env, s sender, r *rand.Rand, _, _, _ int) (int, []byte, error) {
	return s.do(http.MethodGet, fmt.Sprintf("/api/v1/tasks/%d", 1+r.Int64N(e.maxID)), e.tokens.lead, nil, e.gzip)
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// measure runs op with n clients: warm-up first, then the measured time.
// Paced (rate > 0), each client sends on a fixed schedule, and a request's
// latency counts from when it was due, not from when a client that fell
// behind got round to it, so a slow server cannot hide its queue.
func measure(ctx context.Context, e *env, op string, n int, rate float64, warmup, d time.Duration) result {
	o := operations[op]
	res := result{op: op, clients: n, rate: rate, want: o.want, codes: map[int]int{}}
	var every time.Duration
	if rate > 0 {
		every = time.Duration(float64(n) / rate * float64(time.Second))
	}
	var mu sync.Mutex
	start := time.Now()
	measureFrom, end := start.Add(warmup), start.Add(warmup+d)
	stopRSS := sampleRSS(measureFrom, &res)
	watched := make(chan *cpuWatch, 1)
	go func() {
		time.Sleep(time.Until(measureFrom))
		watched <- watchCPU()
	}()
	var wg sync.WaitGroup
	for c := range n {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(c)))
			s := e.newSender(ctx)
			defer s.close()
			var lat []time.Duration
			codes := map[int]int{}
			var samples []string
			due := start.Add(every * time.Duration(c) / time.Duration(n))
			for seq := 0; ctx.Err() == nil; seq++ {
				t0 := time.Now()
				if every > 0 {
					if wait := time.Until(due); wait > 0 {
						time.Sleep(wait)
					}
					t0, due = due, due.Add(every)
				}
				if !t0.Before(end) {
					break
				}
				code, body, err := o.run(e, s, r, c, n, seq)
				if err != nil && ctx.Err() != nil {
					break // interrupted: not the server's error
				}
				if t0.Before(measureFrom) {
					continue
				}
				lat = append(lat, time.Since(t0))
				if err != nil {
					code = -1
					body = []byte(err.Error())
				}
				codes[code]++
				if code != o.want && len(samples) < 2 {
					samples = append(samples, fmt.Sprintf("%d %.200s", code, body))
				}
			}
			mu.Lock()
			defer mu.Unlock()
			res.lat = append(res.lat, lat...)
			for k, v := range codes {
				res.codes[k] += v
			}
			if len(res.samples) < 3 {
				res.samples = append(res.samples, samples...)
			}
		})
	}
	wg.Wait()
	res.cpu = (<-watched).Stop()
	stopRSS()
	res.elapsed = time.Since(measureFrom)
	res.ok = res.codes[o.want]
	return res
}
