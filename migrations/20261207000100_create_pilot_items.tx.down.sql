DROP TABLE pilot_items;
