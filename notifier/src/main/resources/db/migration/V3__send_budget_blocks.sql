-- The send budget is taken in blocks (several messages in one write): each write records how many it
-- was granted, so the writer learns it from RETURNING (every SET expression sees the row before it).
ALTER TABLE send_budget
    ADD COLUMN granted integer NOT NULL DEFAULT 0;
