// Package archtest holds no code, only tests of the repository's shape: every
// package has exactly one package doc, and the dependency rules of DESIGN.md
// hold (the domain types import nothing of ours, nothing imports the CLI,
// stages do not reach into later stages).
package archtest
