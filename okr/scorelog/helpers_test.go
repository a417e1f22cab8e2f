package scorelog

import (
	"testing"

	"github.com/okr-as-code/okr/okr/history"
	"github.com/okr-as-code/okr/okr/internal/gittest"
)

// The test repositories are built with package gittest.

type gitStream struct{ gittest.Stream }

func (s *gitStream) commit(branch, date, author, msg string, parents []int, ops ...string) int {
	return s.Commit(branch, date, author, msg, parents, ops...)
}

func (s *gitStream) create(t testing.TB, dirs ...string) (string, map[int]string) {
	return s.Create(t, dirs...)
}

func put(path, content string) string { return gittest.Put(path, content) }

func del(path string) string { return gittest.Del(path) }

func mv(from, to string) string { return gittest.Mv(from, to) }

func runGit(t testing.TB, dir string, stdin []byte, args ...string) string {
	return gittest.Run(t, dir, stdin, args...)
}

func openRepo(t testing.TB, dir, root string) *history.Repo { return gittest.OpenRepo(t, dir, root) }
