package publish

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/go-pdf/fpdf"
)

// PDFOptions configure [PDF].
type PDFOptions struct {
	// Browser is the Chromium or Chrome executable; "" looks for one
	// (chromium, chromium-browser, google-chrome) on the PATH. With none,
	// or when Pure is set, the pure-Go renderer is used.
	Browser string
	Pure    bool
	Timeout time.Duration // for the browser; 0 means 60 s
}

// PDF writes the brief as PDF: the HTML edition printed by headless
// Chromium when a browser is installed, else a plainer layout drawn in
// pure Go (without the chart). It returns which renderer was used.
func PDF(ctx context.Context, w io.Writer, b *Brief, opt PDFOptions) (string, error) {
	if !opt.Pure {
		if exe := findBrowser(opt.Browser); exe != "" {
			var page bytes.Buffer
			if err := HTML(&page, b); err != nil {
				return "", err
			}
			pdf, err := printHTML(ctx, exe, page.Bytes(), opt.Timeout)
			if err == nil {
				_, err = w.Write(pdf)
				return "chromium", err
			}
			if ctx.Err() != nil {
				return "", ctx.Err()
			}
			// Fall through to the pure-Go renderer.
		}
	}
	return "fpdf", purePDF(w, b)
}

func findBrowser(exe string) string {
	if exe != "" {
		if p, err := exec.LookPath(exe); err == nil {
			return p
		}
		return ""
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func printHTML(ctx context.Context, exe string, html []byte, timeout time.Duration) ([]byte, error) {
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	dir, err := os.MkdirTemp("", "georisk-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "brief.html")
	if err := os.WriteFile(file, html, 0o600); err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")))
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	if err := chromedp.Do(bctx, chromedp.Navigate("file://"+file)); err != nil {
		return nil, fmt.Errorf("printing the brief with %s: %w", exe, err)
	}
	pdf, err := chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFMargin(0.6), chromedp.PDFPrintBackground()))
	if err != nil {
		return nil, fmt.Errorf("printing the brief with %s: %w", exe, err)
	}
	return pdf, nil
}

// purePDF lays the Markdown edition out with the PDF core fonts.
func purePDF(w io.Writer, b *Brief) error {
	var md bytes.Buffer
	if err := writeMarkdown(&md, b, false); err != nil {
		return err
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(20, 18, 20)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AddPage()
	tr := pdf.UnicodeTranslatorFromDescriptor("") // cp1252: curly quotes, dashes
	for _, line := range strings.Split(md.String(), "\n") {
		line = strings.ReplaceAll(line, "**", "")
		switch {
		case strings.HasPrefix(line, "# "):
			pdf.SetFont("Helvetica", "B", 17)
			pdf.MultiCell(0, 8, tr(line[2:]), "", "L", false)
			pdf.Ln(2)
		case strings.HasPrefix(line, "## "):
			pdf.Ln(2)
			pdf.SetFont("Helvetica", "B", 13)
			pdf.MultiCell(0, 7, tr(line[3:]), "", "L", false)
		case strings.HasPrefix(line, "### "):
			pdf.SetFont("Helvetica", "B", 11)
			pdf.MultiCell(0, 6, tr(line[4:]), "", "L", false)
		case strings.TrimSpace(line) == "":
			pdf.Ln(2)
		default:
			pdf.SetFont("Helvetica", "", 10)
			pdf.MultiCell(0, 5, tr(line), "", "L", false)
		}
	}
	return pdf.Output(w)
}
