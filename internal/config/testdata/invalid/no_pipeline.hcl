# ERROR: Missing pipeline block
graph {} # ERROR: Blocks of type "graph" are not expected here
