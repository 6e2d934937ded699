module example.com/invalid_verb

go 1.19
