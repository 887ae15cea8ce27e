-- Every read an observer or voter makes is indexed and bounded (issue 18, item 2).
--
-- ballots.replaced_by: the seq of the ballot of the same credential that replaced this one
-- (NULL while it counts), set in the transaction that records the re-vote. A ballot counts
-- at board size S (records 0..S-1) when replaced_by IS NULL OR replaced_by >= S, so a page of
-- the ballot box read at one board height is the same whenever it is read.
ALTER TABLE ballots ADD COLUMN replaced_by INTEGER;
UPDATE ballots b SET replaced_by = n.next
  FROM (SELECT election_uuid, seq, lead(seq) OVER (PARTITION BY election_uuid, credential ORDER BY seq) AS next FROM ballots) n
  WHERE b.election_uuid = n.election_uuid AND b.seq = n.seq AND n.next IS NOT NULL;
-- the ballot box in casting order, a page at a time (keyset on seq)
CREATE INDEX ballots_by_seq ON ballots (election_uuid, seq);

-- records.height: an event's height (NULL for data records), so the event at a height is one
-- index probe (it was an OFFSET over every earlier event: mirrors' pages, receipt checks).
ALTER TABLE records ADD COLUMN height INTEGER;
UPDATE records r SET height = h.height
  FROM (SELECT election_uuid, seq, (row_number() OVER (PARTITION BY election_uuid ORDER BY seq) - 1)::int AS height FROM records WHERE kind = 'event') h
  WHERE r.election_uuid = h.election_uuid AND r.seq = h.seq;
CREATE UNIQUE INDEX records_event_height ON records (election_uuid, height) WHERE kind = 'event';
-- the events of one type (the Result that every view of a published election reads) by index,
-- not by reading every event of the board
CREATE INDEX records_events_by_type ON records (election_uuid, event_type, seq) WHERE kind = 'event';

-- Counters kept with the election, changed in the transaction that appends to its board:
-- how many ballots were accepted, how many credentials cast at least one, and how many
-- bytes the records take in the .bel archive (a 512-byte tar header and the text padded
-- to 512-byte blocks each), so counts and an archive's length are read without a scan.
ALTER TABLE elections ADD COLUMN ballot_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE elections ADD COLUMN voter_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE elections ADD COLUMN records_bytes BIGINT NOT NULL DEFAULT 0;
UPDATE elections e SET
  ballot_count = c.ballots,
  voter_count = c.voters
  FROM (SELECT election_uuid, count(*)::int AS ballots, count(DISTINCT credential)::int AS voters FROM ballots GROUP BY election_uuid) c
  WHERE e.uuid = c.election_uuid;
UPDATE elections e SET records_bytes = s.bytes
  FROM (SELECT election_uuid, sum(512 + ((octet_length(body) + 511) / 512) * 512)::bigint AS bytes FROM records GROUP BY election_uuid) s
  WHERE e.uuid = s.election_uuid;
