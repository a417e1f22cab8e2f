package gen

// The vocabulary the generator draws from. Every string here is a safe YAML
// plain scalar (no ": ", " #", leading indicator or comma in a flow context),
// so the renderers can write them without quoting.

// A metric is something measured over time: the template of a KPI and of the
// metric, at_least and at_most key results.
type metric struct {
	kpiID     string // base of a KPI id: checkout_p95_ms
	krID      string // key result id: checkout-p95
	name      string // KPI name: Checkout p95 latency
	lower     string // in a sentence: checkout p95 latency
	unit      string // as written in the unit field
	suffix    string // after a number in a title: " ms", "%"
	dec       int    // decimals of its values
	lo, hi    int64  // typical range, in steps of 10^-dec
	dir       int64  // +1 when higher is better, -1 when lower is better
	category  string
	indicator string
	sum       bool // counted per event: key results use aggregate sum
}

var metrics = []metric{
	{"checkout_p95_ms", "checkout-p95", "Checkout p95 latency", "checkout p95 latency", "ms", " ms", 0, 200, 900, -1, "operational", "leading", false},
	{"signup_conversion_pct", "signup-conversion", "Signup conversion", "signup conversion", "percent", "%", 1, 20, 90, 1, "sales", "leading", false},
	{"nps", "nps", "Net promoter score", "net promoter score", "points", " points", 0, 10, 60, 1, "customer", "lagging", false},
	{"weekly_active_users", "weekly-active-users", "Weekly active users", "weekly active users", "users", " users", 0, 1000, 50000, 1, "customer", "leading", false},
	{"churn_rate_pct", "churn-rate", "Monthly churn rate", "monthly churn rate", "percent", "%", 1, 10, 60, -1, "financial", "lagging", false},
	{"mrr_keur", "mrr", "Monthly recurring revenue", "monthly recurring revenue", "kEUR", " kEUR", 0, 100, 2000, 1, "financial", "lagging", false},
	{"open_support_tickets", "open-tickets", "Open support tickets", "open support tickets", "tickets", " tickets", 0, 50, 500, -1, "customer", "leading", false},
	{"deploys_per_week", "deploy-frequency", "Deploys per week", "deploys per week", "deploys", " deploys", 0, 5, 60, 1, "operational", "leading", false},
	{"mttr_minutes", "mttr", "Mean time to restore", "mean time to restore", "min", " min", 0, 20, 240, -1, "operational", "lagging", false},
	{"api_error_rate_pct", "api-error-rate", "API error rate", "API error rate", "percent", "%", 2, 10, 200, -1, "operational", "leading", false},
	{"test_coverage_pct", "test-coverage", "Test coverage", "test coverage", "percent", "%", 0, 40, 90, 1, "operational", "leading", false},
	{"onboarding_days", "time-to-onboard", "Time to onboard a customer", "time to onboard a customer", "days", " days", 0, 3, 30, -1, "customer", "leading", false},
	{"csat", "csat", "Customer satisfaction", "customer satisfaction", "points", " points", 0, 60, 95, 1, "customer", "lagging", false},
	{"cloud_cost_keur", "cloud-cost", "Monthly cloud spend", "monthly cloud spend", "kEUR", " kEUR", 0, 50, 500, -1, "financial", "lagging", false},
	{"lead_time_hours", "lead-time", "Lead time for changes", "lead time for changes", "h", " h", 0, 4, 120, -1, "operational", "leading", false},
	{"activation_rate_pct", "activation-rate", "Activation rate", "activation rate", "percent", "%", 1, 200, 700, 1, "customer", "leading", false},
	{"availability_pct", "availability", "Availability", "availability", "percent", "%", 2, 9900, 9999, 1, "operational", "lagging", false},
	{"pipeline_keur", "pipeline", "Qualified sales pipeline", "qualified sales pipeline", "kEUR", " kEUR", 0, 500, 5000, 1, "sales", "leading", false},
	{"page_load_ms", "page-load", "Median page load", "median page load", "ms", " ms", 0, 300, 2500, -1, "customer", "leading", false},
	{"first_response_hours", "first-response", "Support first response time", "support first response time", "h", " h", 1, 5, 480, -1, "customer", "leading", false},
}

// sevOne is the template of the counted at_most key results.
var sevOne = metric{"sev1_incidents", "sev1-incidents", "Sev-1 incidents", "sev-1 incidents", "incidents", " incidents", 0, 0, 8, -1, "operational", "lagging", true}

// A theme is an objective: a qualitative id and title, and the company
// objective it naturally supports.
type theme struct {
	id, title string
	align     int // index into companyThemes
}

var companyThemes = []theme{
	{"grow-revenue", "Grow revenue sustainably", 0},
	{"delight-customers", "Delight our customers", 1},
	{"scale-platform", "Build a platform that scales with us", 2},
}

var themes = []theme{
	{"effortless-checkout", "Make checkout effortless", 0},
	{"faster-onboarding", "Get new customers to value faster", 1},
	{"reliable-platform", "Run a platform customers can rely on", 2},
	{"ship-faster", "Ship changes faster and more safely", 2},
	{"helpful-support", "Turn support into a reason to stay", 1},
	{"win-enterprise", "Win and keep enterprise customers", 0},
	{"lower-cloud-costs", "Spend less on infrastructure without slowing down", 2},
	{"better-search", "Help customers find what they need", 1},
	{"strong-security", "Earn trust with strong security", 2},
	{"trustworthy-data", "Make decisions with trustworthy data", 2},
	{"grow-self-serve", "Grow self-serve revenue", 0},
	{"mobile-joy", "Make the mobile app a joy to use", 1},
	{"partner-ecosystem", "Build a thriving partner ecosystem", 0},
	{"developer-happiness", "Make engineers happy and productive", 2},
	{"global-reach", "Serve customers in every region well", 0},
	{"reduce-churn", "Keep the customers we win", 0},
	{"quality-first", "Put quality first in everything we ship", 2},
	{"accessible-product", "Make the product accessible to everyone", 1},
	{"clear-pricing", "Make pricing simple and fair", 0},
	{"instant-pages", "Make every page feel instant", 1},
	{"see-problems-early", "See problems before customers do", 2},
	{"great-team", "Hire and grow a great team", 2},
	{"loved-docs", "Write docs people love to read", 1},
	{"automate-toil", "Automate the toil away", 2},
}

// qualifiers make objective titles distinct when a document asks for more
// objectives than there are themes.
var qualifiers = []string{"for partners", "in every market", "for new customers", "across the platform", "for the long run"}

var descriptions = []string{
	"Agreed at the quarterly planning offsite.",
	"Carried over from last quarter with a sharper focus.",
	"Customers asked for this in most interviews.",
	"Shared with the platform and design teams.",
	"The one thing we would regret not doing this quarter.",
	"Depends on the data warehouse migration landing first.",
}

type milestone struct{ id, title string }

var milestones = []milestone{
	{"launch-self-serve-onboarding", "Launch self-serve onboarding"},
	{"migrate-billing", "Migrate billing to the new ledger"},
	{"ship-mobile-redesign", "Ship the mobile app redesign"},
	{"retire-legacy-api", "Retire the legacy API"},
	{"enterprise-sso", "Offer single sign-on to enterprise customers"},
	{"launch-partner-portal", "Launch the partner portal"},
	{"soc2-audit", "Pass the SOC 2 type II audit"},
	{"public-roadmap", "Publish the public roadmap"},
	{"feature-flags", "Roll out feature flags to every service"},
	{"automate-release-notes", "Automate release notes"},
	{"eu-region", "Launch the EU data region"},
	{"end-manual-invoicing", "End manual invoicing"},
	{"on-call-handbook", "Publish the on-call handbook"},
	{"accessibility-audit", "Complete the accessibility audit"},
}

var people = []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yuki"}

var rowNotes = []string{"CDN rollout", "holiday dip", "new pricing live", "incident on checkout", "data backfill", "marketing campaign", "re-measured after migration", "partial week"}

var noteLines = []string{
	"Reviewed the check-in cadence with team leads.",
	"Clarified how milestone key results are recorded.",
	"Added guidance on choosing baselines.",
	"Linked the KPI catalogue from the handbook.",
	"Reminded owners to record measurements weekly.",
	"Explained committed versus aspirational objectives.",
	"Documented the quarter-end grading meeting.",
	"Noted the new data retention policy for measurements.",
}
