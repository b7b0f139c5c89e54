package app

// modules lists Teyi's capabilities in the order they are wired.
func modules() []Module {
	return []Module{&casesModule{}}
}
