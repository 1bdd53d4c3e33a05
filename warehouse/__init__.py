"""The DuckDB warehouse: schema (sql/), loads, reference tables and the analysts' read-only commands.

connect    open_writer (loads; creates and migrates the file) and open_reader (read-only, waits for a load)
migrate    runs the numbered DDL files of sql/ once each, recording the schema version
arrow      typed records -> the Arrow batch a load merges
load       load_batch / load_arrow / load_parquet, write_shard, begin_run / finish_run
reference  load_dictionary (actors with dated roles) and load_codebook (CAMEO, PLOVER, ACLED)
queries    the analyst queries of sql/queries/ with their parameters
output     aligned table, CSV, JSON Lines, Parquet
commands   `eventpipe sql`, `eventpipe query`, `eventpipe export`
"""
