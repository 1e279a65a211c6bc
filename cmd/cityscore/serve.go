package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/seeds"
	"github.com/cityscore/cityscore/server"
)

// defaultAddr is where serve listens by default: loopback, a free port.
const defaultAddr = "127.0.0.1:0"

const serveExamples = `  # The built-in sample in the workbench, on a free port of this machine:
  cityscore serve

  # Your data and profile; scenarios may be saved as profiles in ./scenarios:
  cityscore serve --data cities-2023.xlsx --profile config/balanced.yaml --save-dir scenarios

  # A fixed port:
  cityscore serve --framework ccsy --data "中国城市统计年鉴2024/2、地级以上城市统计资料" --year 2023 --addr 127.0.0.1:8080
`

// serveOptions are the flags of serve: score's inputs, --addr and
// --save-dir.
type serveOptions struct {
	framework, profile string
	data               stringList
	unitColumn         string
	allowUnknown       bool
	year               int
	groups             stringList
	lang               string
	addr               string
	saveDir            string
	read               *readOptions
}

func serveCmd(ctx context.Context, e *env, args []string) error {
	var o serveOptions
	fs := newFlagSet(e, "serve",
		"cityscore serve [--framework F] [--profile P] [--data PATH]... [--unit-column NAME] [--year N] [--groups F.csv]...\n"+
			"                [--allow-unknown-units] [--lang zh|en] [--addr HOST:PORT] [--save-dir DIR]",
		`Serve the workbench: a page in the browser to change the weights and methods
of the profile and see the ranking, the map and the city pages change, with
the workbook of any scenario to download. The inputs are read once, as score
reads them; every change is scored afresh, with the same results as score
gives for the same profile. Nothing is written but the profiles saved to
--save-dir. Stop with Ctrl-C (exit 0).`, serveExamples)
	fs.StringVar(&o.framework, "framework", "", frameworkUsage+"; default: the profile's, else builtin")
	fs.StringVar(&o.profile, "profile", "", "the base profile `FILE` (YAML); default: min-max [0, 100], framework weights, arithmetic means")
	fs.Var(&o.data, "data", "data `PATH`: a CSV, xlsx or Parquet file, or a folder of them; repeatable; default: the built-in sample")
	fs.StringVar(&o.unitColumn, "unit-column", "", "header of the unit (city) column; default: the first column")
	fs.IntVar(&o.year, "year", 0, "score only year `N`; for data without a year column, the year of every row")
	o.read = fs.readFlags()
	fs.BoolVar(&o.allowUnknown, "allow-unknown-units", false, "keep rows whose unit is not a known city as printed; default: an error naming the closest cities")
	fs.Var(&o.groups, "groups", "peer groups of your own from CSV `FILE` (unit,<id>), as score reads them; repeatable")
	fs.StringVar(&o.lang, "lang", "zh", "labels of the workbook and city pages: zh or en")
	fs.StringVar(&o.addr, "addr", defaultAddr, "listen on `HOST:PORT` (port 0: a free one); a host other than loopback is reachable from other machines, and warned about")
	fs.StringVar(&o.saveDir, "save-dir", "", "`DIR` where the page may save scenarios as profiles (<name>.yaml); default: saving is refused")
	if err := fs.parse(args, false); err != nil {
		return err
	}
	if o.lang != "zh" && o.lang != "en" {
		return usagef("--lang %q: want zh or en", o.lang)
	}
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return usagef("--addr %s: want HOST:PORT (%v)", o.addr, err)
	}
	if o.saveDir != "" {
		if fi, err := os.Stat(o.saveDir); err != nil || !fi.IsDir() {
			return usagef("--save-dir %s: not a directory", o.saveDir)
		}
	}
	cfg, err := o.config(e)
	if err != nil {
		return err
	}
	ln, err := listen(o.addr, e.stderr)
	if err != nil {
		return err
	}
	defer ln.Close()
	cfg.Addr = ln.Addr().String()
	srv, err := server.New(cfg)
	if err != nil {
		return err
	}
	return serveUntilDone(ctx, e, ln, srv.Handler())
}

// config loads the inputs as score does and returns the server's
// configuration (without its address).
func (o *serveOptions) config(e *env) (server.Config, error) {
	s, err := loadModel(o.framework, o.profile)
	if err != nil {
		return server.Config{}, err
	}
	s.read = o.read
	if err := s.loadData(o.data, o.unitColumn, o.year, o.allowUnknown); err != nil {
		return server.Config{}, err
	}
	groups, err := s.readGroups(o.groups)
	if err != nil {
		return server.Config{}, err
	}
	raw := seeds.ProfileYAML()
	if o.profile != "" {
		if raw, err = os.ReadFile(o.profile); err != nil {
			return server.Config{}, err
		}
	}
	ref, err := frameworkRef(s)
	if err != nil {
		return server.Config{}, err
	}
	return server.Config{
		Framework: s.fw, Table: s.table, Profile: s.prof, ProfileYAML: raw, ProfileFile: s.profSrc.Path,
		FrameworkRef: ref, Year: o.year, Lang: o.lang, Version: fullVersion(), SaveDir: o.saveDir,
		Inputs: append(s.inputPaths(o.data), o.groups...), Issues: s.issues(), Needs: s.needs(),
		Groupings: func(res *scoring.Result) []exporters.Grouping {
			return append(s.groupings(res), userGroupings(res, groups)...)
		},
		Manifest: func(opt scoring.Options) exporters.Manifest {
			stamp, err := e.stamp()
			if err != nil {
				stamp = e.now()
			}
			return s.manifest(e, stamp, opt, o.lang)
		},
		Now: e.now,
	}, nil
}

// frameworkRef is what a saved profile's framework: names: the built-in
// framework's name, else the framework file's absolute path.
func frameworkRef(s *setup) (string, error) {
	for _, name := range seeds.FrameworkNames() {
		if res, _ := seeds.FrameworkSource(name); res == s.fwSrc.Path {
			return name, nil
		}
	}
	return filepath.Abs(filepath.FromSlash(s.fwSrc.Path))
}

// listen listens on addr, warning on w when its host is not loopback.
func listen(addr string, w io.Writer) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if !isLoopback(host) {
		fmt.Fprintf(w, "cityscore serve: warning: %s is reachable from other machines; anyone who can reach it can see the data and save profiles\n", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--addr %s: %w", addr, err)
	}
	return ln, nil
}

// isLoopback reports whether host names this machine only.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// serveUntilDone serves h on ln, prints the address, and shuts down
// gracefully when ctx is done (SIGINT, SIGTERM): nil then.
func serveUntilDone(ctx context.Context, e *env, ln net.Listener, h http.Handler) error {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	fmt.Fprintf(e.stdout, "cityscore serve: http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
