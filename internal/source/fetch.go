package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// FetchOptions configures a [Fetcher]. Zero values mean the defaults.
type FetchOptions struct {
	// Timeout bounds a whole Get, and when Read streams a response, the
	// wait for its headers and then each wait for more of its body.
	// Default 20s.
	Timeout time.Duration

	// MaxBytes bounds the body Get reads (after gzip decoding). Default 32 MiB.
	MaxBytes int64

	// MaxRedirects is how many redirects are followed. Default 5; a
	// negative value follows none.
	MaxRedirects int

	// UserAgent is sent with each request.
	// Default "georisk/0.1 (+https://github.com/georisk/georisk)".
	UserAgent string

	// AllowPrivate permits loopback, private (RFC 1918, fc00::/7),
	// link-local, unspecified, CGNAT and other non-public addresses, which
	// are refused by default.
	AllowPrivate bool

	// Cache, when set, holds the ETag and Last-Modified of URLs for
	// conditional requests.
	Cache ValidatorCache
}

// DefaultUserAgent is the User-Agent a Fetcher sends unless told otherwise.
const DefaultUserAgent = "georisk/0.1 (+https://github.com/georisk/georisk)"

// ValidatorCache stores the validators (ETag and Last-Modified) of fetched
// URLs so that they can be fetched again conditionally (If-None-Match,
// If-Modified-Since). Implementations must be safe for concurrent use.
// Validators returns empty strings and a nil error for an unknown URL.
type ValidatorCache interface {
	Validators(ctx context.Context, url string) (etag, lastModified string, err error)
	SetValidators(ctx context.Context, url, etag, lastModified string) error
}

// Fetcher fetches URLs over HTTP(S) with bounded time, size and redirects,
// refusing non-public addresses unless AllowPrivate is set. The address is
// checked when a connection is dialled, so names that resolve to private
// addresses (DNS rebinding) and redirects to them are refused too.
// Environment proxy settings are ignored, since a proxy would hide the
// address really reached. A Fetcher is safe for concurrent use.
type Fetcher struct {
	client *http.Client
	opt    FetchOptions
}

// Response is a fetched URL.
type Response struct {
	URL          string // the final URL, after redirects
	Status       int    // HTTP status code
	ContentType  string // the Content-Type header
	Body         []byte // the body, gzip-decoded; nil when NotModified
	NotModified  bool   // the server answered 304 to a conditional request
	ETag         string // the ETag header, for SaveValidators
	LastModified string // the Last-Modified header, for SaveValidators
}

// NewFetcher returns a Fetcher with opt, defaults applied.
func NewFetcher(opt FetchOptions) *Fetcher {
	if opt.Timeout <= 0 {
		opt.Timeout = 20 * time.Second
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = 32 << 20
	}
	if opt.MaxRedirects == 0 {
		opt.MaxRedirects = 5
	} else if opt.MaxRedirects < 0 {
		opt.MaxRedirects = 0
	}
	if opt.UserAgent == "" {
		opt.UserAgent = DefaultUserAgent
	}
	dialer := &net.Dialer{Timeout: opt.Timeout, KeepAlive: 30 * time.Second}
	if !opt.AllowPrivate {
		dialer.Control = refusePrivate
	}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		ResponseHeaderTimeout: opt.Timeout,
	}
	max := opt.MaxRedirects
	client := &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > max {
				return &RedirectError{Max: max}
			}
			return nil
		},
	}
	return &Fetcher{client: client, opt: opt}
}

// PrivateAddressError reports a connection refused because its address is
// not public.
type PrivateAddressError struct {
	Addr netip.Addr
}

func (e *PrivateAddressError) Error() string {
	return fmt.Sprintf("refusing private address %s (use --allow-private)", e.Addr)
}

// Unwrap returns nil: the error has no cause.
func (e *PrivateAddressError) Unwrap() error { return nil }

// StatusError reports an HTTP response whose status is not a success.
type StatusError struct {
	Code   int
	Status string // the status line's text, such as "404 Not Found"
}

func (e *StatusError) Error() string { return "HTTP " + e.Status }

// Unwrap returns nil: the error has no cause.
func (e *StatusError) Unwrap() error { return nil }

// Temporary reports whether trying again later may succeed.
func (e *StatusError) Temporary() bool {
	return e.Code == http.StatusTooManyRequests || e.Code == http.StatusRequestTimeout || e.Code >= 500
}

// RedirectError reports a request that was redirected too many times.
type RedirectError struct{ Max int }

func (e *RedirectError) Error() string {
	return fmt.Sprintf("too many redirects (more than %d)", e.Max)
}

// Unwrap returns nil: the error has no cause.
func (e *RedirectError) Unwrap() error { return nil }

// TimeoutError reports a request that took longer than its timeout.
type TimeoutError struct{ After time.Duration }

func (e *TimeoutError) Error() string { return "timeout after " + e.After.String() }

// Timeout reports true, as net.Error does.
func (e *TimeoutError) Timeout() bool { return true }

// Unwrap returns nil: the error has no cause.
func (e *TimeoutError) Unwrap() error { return nil }

// TooLargeError reports a response body over FetchOptions.MaxBytes.
type TooLargeError struct{ Max int64 }

func (e *TooLargeError) Error() string { return "response larger than " + sizeString(e.Max) }

// Unwrap returns nil: the error has no cause.
func (e *TooLargeError) Unwrap() error { return nil }

// refusePrivate is a net.Dialer Control function that refuses to connect
// to addresses that are not public.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("checking address %s: %w", address, err)
	}
	if !publicAddr(ap.Addr()) {
		return &PrivateAddressError{Addr: ap.Addr().Unmap()}
	}
	return nil
}

// nonPublic lists the address ranges a Fetcher refuses besides those the
// netip methods test.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // CGNAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
}

// publicAddr reports whether a is a public unicast address.
func publicAddr(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() ||
		a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	if a.Is6() {
		b := a.As16()
		// NAT64 (64:ff9b::/96) and 6to4 (2002::/16) embed an IPv4 address.
		if netip.MustParsePrefix("64:ff9b::/96").Contains(a) {
			return publicAddr(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
		}
		if b[0] == 0x20 && b[1] == 0x02 {
			return publicAddr(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}))
		}
	}
	return true
}

// Get fetches rawURL and reads its whole body, of at most MaxBytes. When a
// Cache holds validators for rawURL, the request is conditional and a 304
// answer gives a Response with NotModified set and no body. Get does not
// store validators: call SaveValidators once the response has been used,
// so that a run that fails midway fetches the URL again next time.
//
// Errors name the URL and the reason: "fetching https://x.example/a:
// timeout after 20s". A status other than 2xx or 304 is a *StatusError.
func (f *Fetcher) Get(ctx context.Context, rawURL string) (*Response, error) {
	return f.get(ctx, rawURL, true)
}

func (f *Fetcher) get(ctx context.Context, rawURL string, conditional bool) (*Response, error) {
	b, err := f.open(ctx, rawURL, conditional, false)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	if b.resp.NotModified {
		return b.resp, nil
	}
	if b.length > f.opt.MaxBytes {
		return nil, fmt.Errorf("fetching %s: %w", rawURL, &TooLargeError{Max: f.opt.MaxBytes})
	}
	data, err := io.ReadAll(io.LimitReader(b, f.opt.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", rawURL, err)
	}
	if int64(len(data)) > f.opt.MaxBytes {
		return nil, fmt.Errorf("fetching %s: %w", rawURL, &TooLargeError{Max: f.opt.MaxBytes})
	}
	b.resp.Body = data
	return b.resp, nil
}

// SaveValidators stores the validators of resp, fetched from rawURL, in
// the Cache. It does nothing without a Cache or validators.
func (f *Fetcher) SaveValidators(ctx context.Context, rawURL string, resp *Response) error {
	if f.opt.Cache == nil || resp == nil || resp.NotModified || (resp.ETag == "" && resp.LastModified == "") {
		return nil
	}
	return f.opt.Cache.SetValidators(ctx, rawURL, resp.ETag, resp.LastModified)
}

// body is a response whose body is being streamed.
type body struct {
	resp   *Response
	length int64 // Content-Length, or -1
	rc     io.ReadCloser
	url    string
	ctx    context.Context
	stop   context.CancelCauseFunc
	timer  *time.Timer
	limit  time.Duration // the timeout
	idle   bool          // reset the timer on each read, rather than bound the whole request
}

// errTimedOut is the cancellation cause of a request that timed out.
var errTimedOut = errors.New("timed out")

func (b *body) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 && b.idle {
		b.timer.Reset(b.limit)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		if errors.Is(context.Cause(b.ctx), errTimedOut) {
			err = fmt.Errorf("fetching %s: %w", b.url, &TimeoutError{After: b.limit})
		}
	}
	return n, err
}

func (b *body) Close() error {
	b.timer.Stop()
	// Drain a little so that the connection can be reused.
	io.CopyN(io.Discard, b.rc, 4<<10)
	err := b.rc.Close()
	b.stop(nil)
	return err
}

// open starts fetching rawURL and returns its body to stream. With idle
// set, Timeout bounds the wait for the headers and then each wait for more
// of the body; otherwise it bounds the whole request.
func (f *Fetcher) open(ctx context.Context, rawURL string, conditional, idle bool) (*body, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", rawURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("fetching %s: unsupported scheme %q", rawURL, u.Scheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("fetching %s: no host", rawURL)
	}
	rctx, stop := context.WithCancelCause(ctx)
	timer := time.AfterFunc(f.opt.Timeout, func() { stop(errTimedOut) })
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u.String(), nil)
	if err != nil {
		timer.Stop()
		stop(nil)
		return nil, fmt.Errorf("fetching %s: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", f.opt.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/json;q=0.9,text/*;q=0.8,*/*;q=0.5")
	if conditional && f.opt.Cache != nil {
		etag, lm, err := f.opt.Cache.Validators(ctx, rawURL)
		if err != nil {
			timer.Stop()
			stop(nil)
			return nil, fmt.Errorf("fetching %s: reading validators: %w", rawURL, err)
		}
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		if lm != "" {
			req.Header.Set("If-Modified-Since", lm)
		}
	}
	resp, err := f.client.Do(req)
	if err != nil {
		timer.Stop()
		cause := context.Cause(rctx)
		stop(nil)
		return nil, fetchError(ctx, rawURL, err, cause, f.opt.Timeout)
	}
	b := &body{
		resp: &Response{
			URL:          resp.Request.URL.String(),
			Status:       resp.StatusCode,
			ContentType:  resp.Header.Get("Content-Type"),
			ETag:         resp.Header.Get("ETag"),
			LastModified: resp.Header.Get("Last-Modified"),
		},
		length: resp.ContentLength,
		rc:     resp.Body,
		url:    rawURL,
		ctx:    rctx,
		stop:   stop,
		timer:  timer,
		limit:  f.opt.Timeout,
		idle:   idle,
	}
	if idle {
		timer.Reset(f.opt.Timeout) // the headers came: now time the body
	}
	switch {
	case resp.StatusCode == http.StatusNotModified && conditional:
		b.resp.NotModified = true
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		b.Close()
		return nil, fmt.Errorf("fetching %s: %w", rawURL, &StatusError{Code: resp.StatusCode, Status: resp.Status})
	}
	return b, nil
}

// fetchError turns an error of http.Client.Do into one that names rawURL
// and the reason plainly.
func fetchError(ctx context.Context, rawURL string, err, cause error, timeout time.Duration) error {
	if pe, ok := errors.AsType[*PrivateAddressError](err); ok {
		return fmt.Errorf("fetching %s: %w", rawURL, pe)
	}
	if re, ok := errors.AsType[*RedirectError](err); ok {
		return fmt.Errorf("fetching %s: %w", rawURL, re)
	}
	if ctx.Err() == nil && (errors.Is(cause, errTimedOut) || isTimeout(err)) {
		return fmt.Errorf("fetching %s: %w", rawURL, &TimeoutError{After: timeout})
	}
	if ue, ok := errors.AsType[*url.Error](err); ok {
		err = ue.Err
	}
	return fmt.Errorf("fetching %s: %w", rawURL, err)
}

func isTimeout(err error) bool {
	ne, ok := errors.AsType[net.Error](err)
	return ok && ne.Timeout()
}

// MemoryCache is a ValidatorCache held in memory, for tests and one-shot
// runs. Its zero value is ready to use; it is safe for concurrent use.
type MemoryCache struct {
	mu sync.Mutex
	m  map[string][2]string
}

var _ ValidatorCache = (*MemoryCache)(nil)

// Validators returns the validators stored for url.
func (c *MemoryCache) Validators(_ context.Context, url string) (etag, lastModified string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := c.m[url]
	return v[0], v[1], nil
}

// SetValidators stores the validators of url.
func (c *MemoryCache) SetValidators(_ context.Context, url, etag, lastModified string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string][2]string)
	}
	c.m[url] = [2]string{strings.TrimSpace(etag), strings.TrimSpace(lastModified)}
	return nil
}

// Open starts fetching rawURL and returns its body to read as it arrives,
// for responses too large to hold (GDELT's master file list runs to 100 MB).
// Timeout bounds the wait for the headers and then each pause in the body;
// MaxBytes does not apply. The caller must close the body.
func (f *Fetcher) Open(ctx context.Context, rawURL string) (io.ReadCloser, error) {
	b, err := f.open(ctx, rawURL, false, true)
	if err != nil {
		return nil, err
	}
	return b, nil
}
