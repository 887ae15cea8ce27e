-- Inclusion: how many answers a question needs before the composition report draws
-- conclusions from it (representation ratios, disproportionality indices, "under-
-- represented" warnings). Below it the report shows counts and shares only, and says
-- why. 30 by default (docs/inclusion.md, "Too few answers").
ALTER TABLE convention_inclusion ADD COLUMN min_answers INTEGER NOT NULL DEFAULT 30 CHECK (min_answers >= 1);
