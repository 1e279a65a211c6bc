package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/cityscore/cityscore/config"
)

// saveRequest is the body of POST /api/profile.
type saveRequest struct {
	Name      string          `json:"name"`
	Profile   json.RawMessage `json:"profile"`
	Overwrite bool            `json:"overwrite"`
}

// maxName is the longest file name (in characters, without .yaml) a saved
// profile gets.
const maxName = 64

// fileName turns a scenario's name into a file name without extension:
// letters (CJK included), digits, - and _ are kept, every run of other
// characters becomes one -, no leading dot or dash, at most maxName
// characters; "" when nothing is left.
func fileName(name string) string {
	var b strings.Builder
	n, dash := 0, false
	for _, r := range name {
		ok := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_'
		switch {
		case n >= maxName:
		case ok:
			b.WriteRune(r)
			n, dash = n+1, r == '-'
		case !dash && n > 0:
			b.WriteByte('-')
			n, dash = n+1, true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

func (s *Server) handleSave(w http.ResponseWriter, r *http.Request) {
	if s.cfg.SaveDir == "" {
		writeError(w, http.StatusForbidden, "saving is off: start cityscore serve with --save-dir DIR to save profiles")
		return
	}
	body, err := readBody(r)
	if err != nil {
		fail(w, err)
		return
	}
	var req saveRequest
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "want {\"name\": …, \"profile\": {…}, \"overwrite\": false}: "+err.Error())
		return
	}
	name := fileName(req.Name)
	if name == "" {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("name %q: give a name with letters or digits", req.Name))
		return
	}
	p, merged, err := s.profile(req.Profile)
	if err != nil {
		fail(w, err)
		return
	}
	desc := p.Description
	if ch := changedSections(req.Profile); len(ch) > 0 {
		desc = strings.TrimSpace(desc + "; changed in the workbench: " + strings.Join(ch, ", "))
		desc = strings.TrimPrefix(desc, "; ")
	}
	text, err := s.savedProfile(merged, req.Name, p.Name, desc)
	if err != nil {
		fail(w, err)
		return
	}
	path := filepath.Join(s.cfg.SaveDir, name+".yaml")
	for _, in := range s.cfg.Inputs {
		if samePath(in, path) {
			writeError(w, http.StatusConflict, path+" is an input of this server; choose another name")
			return
		}
	}
	switch err := writeFile(path, text, req.Overwrite); {
	case errors.Is(err, fs.ErrExist):
		writeJSON(w, http.StatusConflict, map[string]string{"error": "exists", "path": path})
	case err != nil:
		writeError(w, http.StatusInternalServerError, err.Error())
	default:
		writeJSON(w, http.StatusOK, map[string]string{"path": path})
	}
}

// savedProfile is the merged profile as a file: a comment header, then the
// merged YAML named name, its framework: the server's (FrameworkRef).
func (s *Server) savedProfile(merged []byte, name, was, description string) ([]byte, error) {
	body, err := config.Named(merged, name, s.cfg.FrameworkRef, description)
	if err != nil {
		return nil, err
	}
	head := fmt.Sprintf("# %s: saved by cityscore serve %s on %s\n# from the base profile %s (%s), with the workbench's changes.\n\n",
		name, s.cfg.Version, s.cfg.Now().UTC().Format("2006-01-02 15:04 UTC"), was, s.cfg.ProfileFile)
	return append([]byte(head), body...), nil
}

// changedSections lists what a request profile overlays: its top-level
// keys in the order given, weights by level (weights.goals).
func changedSections(body json.RawMessage) []string {
	dec := json.NewDecoder(bytes.NewReader(body))
	var out []string
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return out
		}
		key, _ := t.(string)
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return out
		}
		var levels map[string]json.RawMessage
		if key == "weights" && json.Unmarshal(v, &levels) == nil && len(levels) > 0 {
			for _, l := range slices.Sorted(maps.Keys(levels)) {
				out = append(out, "weights."+l)
			}
			continue
		}
		out = append(out, key)
	}
	return out
}

// writeFile writes data to path atomically: a temporary file beside it,
// then renamed over it (overwrite) or linked to it, which fails with
// fs.ErrExist when path exists.
func writeFile(path string, data []byte, overwrite bool) error {
	if !overwrite {
		if _, err := os.Lstat(path); err == nil {
			return fs.ErrExist
		}
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err1 := f.Close(); err == nil {
		err = err1
	}
	if err != nil {
		return err
	}
	if overwrite {
		return os.Rename(tmp, path)
	}
	return os.Link(tmp, path) // fails if path appeared meanwhile
}

// samePath reports whether a and b name the same file.
func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	if err1 == nil && err2 == nil && aa == bb {
		return true
	}
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}
