-- Removed control characters are not put back.
SELECT 1;
