package tenant

// Word lists for generated content. They are read-only.
var (
	givenNames = []string{"Adele", "Alex", "Allan", "Christie", "Debra", "Diego", "Emily", "Enrico", "Grady",
		"Henrietta", "Irvin", "Isaiah", "Johanna", "Joni", "Lee", "Lidia", "Lynne", "Megan", "Miriam", "Nestor",
		"Patti", "Pradeep", "Sakura", "Zoë", "Åsa", "Mateo", "Aïcha", "Björn", "Chloé", "Dana"}
	surnames = []string{"Vance", "Wilber", "Deyoung", "Cline", "Berg", "Siciliani", "Braun", "Dietrich",
		"Archie", "Cerrato", "Sampson", "Langer", "Lauer", "Sherman", "Gu", "Holloway", "Robbins", "Bowen",
		"Gracey", "Wilke", "Fernandez", "Gupta", "Tanaka", "O'Brien", "Nyström", "Müller", "Okafor", "Swope"}
	jobTitles = []string{"Marketing Assistant", "Retail Manager", "Developer", "VP Sales", "Product Manager",
		"Director", "Attorney", "Sales Rep", "Engineer", "Accountant", "Designer", "Support Specialist"}
	departments = []string{"Marketing", "Retail", "Engineering", "Sales", "Operations", "Legal", "Finance",
		"Human Resources", "Research & Development", "Support"}
	places = [][3]string{{"Seattle", "United States", "US"}, {"Redmond", "United States", "US"},
		{"Dublin", "Ireland", "IE"}, {"Berlin", "Germany", "DE"}, {"Tokyo", "Japan", "JP"},
		{"São Paulo", "Brazil", "BR"}, {"Paris", "France", "FR"}, {"Lagos", "Nigeria", "NG"}}
	languages  = []string{"en-US", "en-GB", "de-DE", "fr-FR", "ja-JP", "pt-BR"}
	teamWords  = []string{"Sales", "Marketing", "Finance", "Mark 8 Project", "Retail", "Digital Initiative", "Legal", "Leadership", "U.S. Sales", "Design", "Contoso Life", "Sample Team Site", "Executives", "Security Admins"}
	companies  = []string{"Fabrikam", "Tailspin Toys", "Northwind Traders", "Adventure Works", "Litware", "Wide World Importers", "Proseware", "Wingtip Toys"}
	subjects   = []string{"Holiday hours update", "Holiday promotion sale", "Microsoft Virtual Academy at Contoso", "New or modified user account information", "Fabric CDN now available", "Quarterly review", "Re: Project timeline", "Lunch on Friday?", "Invoice #", "Your order has shipped", "Team offsite agenda", "Fwd: Contract draft", "Weekly status – week "}
	categories = []string{"Blue category", "Red category", "Green category", "Yellow category"}
)

// wellKnownFolders are created first in every mailbox, in this order.
var wellKnownFolders = [][2]string{{"inbox", "Inbox"}, {"sentitems", "Sent Items"}, {"drafts", "Drafts"},
	{"deleteditems", "Deleted Items"}, {"archive", "Archive"}, {"junkemail", "Junk Email"},
	{"outbox", "Outbox"}, {"conversationhistory", "Conversation History"}}

// customFolders name the folders created past the well-known ones.
var customFolders = []string{"Projects", "Clients", "Receipts", "Travel", "Newsletters", "Team", "Archive 2025", "Follow up"}

func pick[T any](r interface{ IntN(int) int }, xs []T) T { return xs[r.IntN(len(xs))] }
