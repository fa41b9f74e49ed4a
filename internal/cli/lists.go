package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/screen"
	"github.com/georisk/georisk/internal/screen/lists"
	"github.com/georisk/georisk/internal/store"
)

func listsCmd() *command {
	return &command{
		name:    "lists",
		args:    "[flags] | lists import [flags] FORMAT FILE...",
		summary: "show the restricted-party lists loaded for screening, or import one",
		help: `Lists shows the restricted-party lists loaded for screening: name, format,
version date, entries, when and from where each was imported.

"georisk lists import FORMAT --name NAME [--date YYYY-MM-DD] FILE..." loads a
list, replacing the list of that name whole, in one transaction: a file with
a malformed record is reported as FILE:LINE and leaves the loaded version
active. FORMAT is one of:

  csl   US Consolidated Screening List, CSV (current or older layout) or JSON
  sdn   OFAC SDN legacy CSV set: a folder, or sdn.csv with add.csv, alt.csv, sdn_comments.csv
  un    UN Security Council consolidated list, XML
  ftm   OpenSanctions FollowTheMoney entities, JSON Lines
  csv   our simple CSV (header: id,name,name_zh,aliases,type,country,dob,ids,program,remarks),
        for lists without a standard format (Section 1260H, Unreliable Entity List)`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			name := fs.String("name", "", "with import: the list's name (default: the format)")
			date := fs.String("date", "", "with import: the list's version date, YYYY-MM-DD (default: the file's own, else today)")
			asJSON := fs.Bool("json", false, "print JSON")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 && args[0] == "import" {
					return importList(ctx, env, db(env), *name, *date, args[1:])
				}
				if len(args) > 0 {
					return &UsageError{fmt.Sprintf("lists: unexpected argument %q (did you mean lists import?)", args[0])}
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				infos, err := s.ListInfos(ctx)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(env.Stdout, orEmpty(infos))
				}
				if len(infos) == 0 {
					fmt.Fprintln(env.Stdout, "No lists loaded: see georisk lists import --help.")
				}
				for _, l := range infos {
					fmt.Fprintf(env.Stdout, "%-12s %-4s version %-10s %7d entries  imported %s  from %s\n",
						l.Name, l.Format, first(l.Version, "—"), l.Entries, l.Imported.Format("2006-01-02 15:04"), l.Source)
				}
				return nil
			}
		},
	}
}

func importList(ctx context.Context, env *Env, db, name, date string, args []string) error {
	if len(args) < 2 {
		return &UsageError{"lists import: give a FORMAT (" + strings.Join(lists.Formats, ", ") + ") and at least one FILE"}
	}
	format, paths := args[0], args[1:]
	if !contains(lists.Formats, format) {
		return &UsageError{fmt.Sprintf("lists import: unknown format %q (want one of %s)", format, strings.Join(lists.Formats, ", "))}
	}
	if date != "" {
		if _, err := time.Parse("2006-01-02", date); err != nil {
			return &UsageError{fmt.Sprintf("lists import: --date %q: want YYYY-MM-DD", date)}
		}
	}
	if name == "" {
		name = format
	}
	var files []lists.File
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("lists import: %w", err)
		}
		if st.IsDir() {
			ms, _ := filepath.Glob(filepath.Join(p, "*.csv"))
			if len(ms) == 0 {
				return fmt.Errorf("lists import: %s: no .csv files in the folder", p)
			}
			for _, m := range ms {
				f, err := os.Open(m)
				if err != nil {
					return fmt.Errorf("lists import: %w", err)
				}
				defer f.Close()
				files = append(files, lists.File{Name: m, R: f})
			}
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("lists import: %w", err)
		}
		defer f.Close()
		files = append(files, lists.File{Name: p, R: f})
	}
	l, err := lists.Read(format, name, files)
	if err != nil {
		return fmt.Errorf("lists import: %w (the list %q was not changed)", err, name)
	}
	if len(l.Entries) == 0 {
		return fmt.Errorf("lists import: %s: no entries found (the list %q was not changed)", strings.Join(paths, ", "), name)
	}
	s, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer s.Close()
	info := &store.ListInfo{Name: name, Format: format, Version: first(date, l.Date), Source: strings.Join(paths, ", ")}
	if info.Version == "" {
		info.Version = time.Now().UTC().Format("2006-01-02")
	}
	entries := make([]store.ListEntry, len(l.Entries))
	for i, e := range l.Entries {
		entries[i] = toStoreEntry(e)
	}
	if err := s.PutList(ctx, info, entries); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %d entries (version %s) from %s\n", name, info.Entries, info.Version, info.Source)
	return nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func toStoreEntry(e screen.Entry) store.ListEntry {
	return store.ListEntry{List: e.List, ID: e.ID, Type: e.Type, Name: e.Name, Aliases: e.Aliases, WeakAliases: e.WeakAliases,
		Countries: e.Countries, DOBs: e.DOBs, IDs: e.IDs, Programs: e.Programs, Source: e.Source, Remarks: e.Remarks}
}

func toScreenEntry(e store.ListEntry) screen.Entry {
	return screen.Entry{List: e.List, ID: e.ID, Type: e.Type, Name: e.Name, Aliases: e.Aliases, WeakAliases: e.WeakAliases,
		Countries: e.Countries, DOBs: e.DOBs, IDs: e.IDs, Programs: e.Programs, Source: e.Source, Remarks: e.Remarks}
}

// listReader is what screening needs of a store.
type listReader interface {
	ListInfos(ctx context.Context) ([]store.ListInfo, error)
	ListEntries(ctx context.Context, list string) ([]store.ListEntry, error)
}

// loadIndex builds the screening index of the loaded lists (only those
// named, when any are).
func loadIndex(ctx context.Context, s listReader, only []string) (*screen.Index, []store.ListInfo, error) {
	infos, err := s.ListInfos(ctx)
	if err != nil {
		return nil, nil, err
	}
	var used []store.ListInfo
	var entries []screen.Entry
	for _, l := range infos {
		if len(only) > 0 && !contains(only, l.Name) {
			continue
		}
		es, err := s.ListEntries(ctx, l.Name)
		if err != nil {
			return nil, nil, err
		}
		for _, e := range es {
			entries = append(entries, toScreenEntry(e))
		}
		used = append(used, l)
	}
	if len(used) == 0 {
		if len(only) > 0 {
			return nil, nil, fmt.Errorf("no loaded list is named %s: see georisk lists", strings.Join(only, ", "))
		}
		return nil, nil, errors.New("no lists loaded: import one first (georisk lists import --help)")
	}
	return screen.NewIndex(entries), used, nil
}
