/**
 * Result tables: {@link dev.latm.client.results.ResultColumns} flattens a measurement into a row,
 * the same columns in every latm table and format, and {@link dev.latm.client.results.Csv} writes
 * and reads them as RFC 4180 CSV.
 */
package dev.latm.client.results;
