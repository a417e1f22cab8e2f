// Package model is the vocabulary of okr: periods, dates, objectives, key
// results, KPIs, measurements, references and the positioned Problem that
// every check reports.
//
// Everything here is plain data. Loading lives in package load, checking in
// package check and scoring in package score.
package model
