package model

// People indexes the people of a repository by id (SPEC §5): the first
// person of each id, in path order (a repeated id is a validation
// error).
type People struct {
	byID map[string]*Person
	// Present says whether the repository has a People document.
	Present bool
}

// PeopleOf indexes repo's people.
func PeopleOf(repo *Repo) People {
	p := People{byID: make(map[string]*Person, len(repo.People)), Present: repo.HasPeople}
	for _, x := range repo.People {
		if x.ID == "" {
			continue
		}
		if _, ok := p.byID[x.ID]; !ok {
			p.byID[x.ID] = x
		}
	}
	return p
}

// Get returns the person of id, or nil.
func (p People) Get(id string) *Person { return p.byID[id] }

// Name returns the name of the person id, or id itself when no People
// document names them.
func (p People) Name(id string) string {
	if x := p.byID[id]; x != nil && x.Name != "" {
		return x.Name
	}
	return id
}
