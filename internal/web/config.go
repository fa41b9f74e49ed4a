package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is the server's configuration as a person writes it: a JSON file
// (all keys optional, unknown keys are errors), then the environment, then
// command-line flags (applied by the caller), each overriding the last.
type Config struct {
	Addr           string   `json:"addr"`            // GEORISK_ADDR; default 127.0.0.1:8080
	Token          string   `json:"token"`           // GEORISK_TOKEN; prefer token_file
	TokenFile      string   `json:"token_file"`      // GEORISK_TOKEN_FILE
	ProtectReads   bool     `json:"protect_reads"`   // GEORISK_PROTECT_READS=1
	Watch          []string `json:"watch"`           // GEORISK_WATCH=CHN-NATO,CHN-USA
	Profiles       string   `json:"profiles"`        // GEORISK_PROFILES: a folder of client profiles for /assess
	MaxBodyBytes   int64    `json:"max_body_bytes"`  // default 8 MiB
	RequestTimeout Duration `json:"request_timeout"` // default 15s
	ReadTimeout    Duration `json:"read_timeout"`    // default 30s
	WriteTimeout   Duration `json:"write_timeout"`   // default 60s
	IdleTimeout    Duration `json:"idle_timeout"`    // default 120s
}

// Duration is a time.Duration written as "15s" in JSON.
type Duration time.Duration

// UnmarshalJSON reads "15s", "2m".
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a duration such as \"15s\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON writes "15s".
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// ParseConfig reads a config file (r may be nil), applies the environment
// and the defaults, reads the token file, and validates the result.
func ParseConfig(r io.Reader, getenv func(string) string) (Config, error) {
	var c Config
	if r != nil {
		b, err := io.ReadAll(r)
		if err != nil {
			return c, fmt.Errorf("reading the config: %w", err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
			return c, fmt.Errorf("config: %w", err)
		}
	}
	if v := getenv("GEORISK_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("GEORISK_TOKEN"); v != "" {
		c.Token = v
	}
	if v := getenv("GEORISK_TOKEN_FILE"); v != "" {
		c.TokenFile = v
	}
	if v := getenv("GEORISK_PROTECT_READS"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("GEORISK_PROTECT_READS=%q: want true or false", v)
		}
		c.ProtectReads = b
	}
	if v := getenv("GEORISK_PROFILES"); v != "" {
		c.Profiles = v
	}
	if v := getenv("GEORISK_WATCH"); v != "" {
		c.Watch = strings.Split(v, ",")
	}
	c.defaults()
	return c, c.Validate()
}

func (c *Config) defaults() {
	if c.Addr == "" {
		c.Addr = "127.0.0.1:8080"
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = 8 << 20
	}
	for _, d := range []struct {
		p   *Duration
		def time.Duration
	}{{&c.RequestTimeout, 15 * time.Second}, {&c.ReadTimeout, 30 * time.Second}, {&c.WriteTimeout, 60 * time.Second}, {&c.IdleTimeout, 120 * time.Second}} {
		if *d.p == 0 {
			*d.p = Duration(d.def)
		}
	}
}

// LoadToken reads TokenFile into Token when Token is empty.
func (c *Config) LoadToken() error {
	if c.Token != "" || c.TokenFile == "" {
		return nil
	}
	b, err := os.ReadFile(c.TokenFile)
	if err != nil {
		return fmt.Errorf("reading the API token: %w", err)
	}
	c.Token = strings.TrimSpace(string(b))
	return nil
}

// Validate checks the values.
func (c Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("addr %q: want HOST:PORT", c.Addr)
	}
	if c.MaxBodyBytes < 1024 {
		return fmt.Errorf("max_body_bytes %d: want at least 1024", c.MaxBodyBytes)
	}
	for _, d := range []Duration{c.RequestTimeout, c.ReadTimeout, c.WriteTimeout, c.IdleTimeout} {
		if d < 0 {
			return fmt.Errorf("timeouts must be positive")
		}
	}
	if c.ProtectReads && c.Token == "" && c.TokenFile == "" {
		return errors.New("protect_reads needs an API token")
	}
	for _, w := range c.Watch {
		if !strings.Contains(w, "-") {
			return fmt.Errorf("watch %q: want A-B", w)
		}
	}
	return nil
}

// Redacted returns the configuration as JSON with the token hidden, for
// "georisk serve --print-config".
func (c Config) Redacted() string {
	if c.Token != "" {
		c.Token = "(set, redacted)"
	}
	b, _ := json.MarshalIndent(c, "", "  ")
	return string(b)
}
