package providertest

import "github.com/frontdesk-chat/frontdesk/server/channel"

// Capability names one optional capability of channel, for Without.
type Capability string

// The optional capabilities Scripted implements.
const (
	CapVerifier             Capability = "Verifier"
	CapWebhookRegistrar     Capability = "WebhookRegistrar"
	CapReadMarker           Capability = "ReadMarker"
	CapProfileFetcher       Capability = "ProfileFetcher"
	CapEditor               Capability = "Editor"
	CapDeleter              Capability = "Deleter"
	CapReactor              Capability = "Reactor"
	CapCredentialRefresher  Capability = "CredentialRefresher"
	CapTextChecker          Capability = "TextChecker"
	CapAccountDescriber     Capability = "AccountDescriber"
	CapCustomerIDNormalizer Capability = "CustomerIDNormalizer"
	CapTemplateSender       Capability = "TemplateSender"
)

// Minimal is an adapter with only the required interface: the core finds no optional capability.
type Minimal struct{ channel.Adapter }

// Minimal returns s without any optional capability, still scripted and recorded through s.
func (s *Scripted) Minimal() channel.Adapter { return Minimal{s} }

// Without returns s lacking one optional capability, still scripted and recorded through s. Go
// cannot hide methods at run time, so there is one wrapper type per capability; for an adapter
// lacking several, use Minimal.
func (s *Scripted) Without(c Capability) channel.Adapter {
	switch c {
	case CapVerifier:
		return withoutVerifier{s}
	case CapWebhookRegistrar:
		return withoutWebhookRegistrar{s}
	case CapReadMarker:
		return withoutReadMarker{s}
	case CapProfileFetcher:
		return withoutProfileFetcher{s}
	case CapEditor:
		return withoutEditor{s}
	case CapDeleter:
		return withoutDeleter{s}
	case CapReactor:
		return withoutReactor{s}
	case CapCredentialRefresher:
		return withoutCredentialRefresher{s}
	case CapTextChecker:
		return withoutTextChecker{s}
	case CapAccountDescriber:
		return withoutAccountDescriber{s}
	case CapCustomerIDNormalizer:
		return withoutCustomerIDNormalizer{s}
	case CapTemplateSender:
		return withoutTemplateSender{s}
	}
	panic("providertest: unknown capability " + string(c))
}

type withoutVerifier struct{ allButVerifier }

type allButVerifier interface {
	channel.Adapter
	channel.WebhookRegistrar
	channel.ReadMarker
	channel.ProfileFetcher
	channel.Editor
	channel.Deleter
	channel.Reactor
	channel.CredentialRefresher
	channel.TextChecker
	channel.AccountDescriber
	channel.CustomerIDNormalizer
	channel.TemplateSender
}

type withoutWebhookRegistrar struct{ allButWebhookRegistrar }

type allButWebhookRegistrar interface {
	channel.Adapter
	channel.Verifier
	channel.ReadMarker
	channel.ProfileFetcher
	channel.Editor
	channel.Deleter
	channel.Reactor
	channel.CredentialRefresher
	channel.TextChecker
	channel.AccountDescriber
	channel.CustomerIDNormalizer
	channel.TemplateSender
}

type withoutReadMarker struct{ allButReadMarker }

type allButReadMarker interface {
	channel.Adapter
	channel.Verifier
	channel.WebhookRegistrar
	channel.ProfileFetcher
	channel.Editor
	channel.Deleter
	channel.Reactor
	channel.CredentialRefresher
	channel.TextChecker
	channel.AccountDescriber
	channel.CustomerIDNormalizer
	channel.TemplateSender
}

type withoutProfileFetcher struct{ allButProfileFetcher }

type allButProfileFetcher interface {
	channel.Adapter
	channel.Verifier
	channel.WebhookRegistrar
	channel.ReadMarker
	channel.Editor
	channel.Deleter
	channel.Reactor
	channel.CredentialRefresher
	channel.TextChecker
	channel.AccountDescriber
	channel.CustomerIDNormalizer
	channel.TemplateSender
}

type withoutEditor struct{ allButEditor }

type allButEditor interface {
	channel.Adapter
	channel.Verifier
	channel.WebhookRegistrar
	channel.ReadMarker
	channel.ProfileFetcher
	channel.Deleter
	channel.Reactor
	channel.CredentialRefresher
	channel.TextChecker
	channel.AccountDescriber
	channel.CustomerIDNormalizer
	channel.TemplateSender
}

type withoutDeleter struct{ allButDeleter }

type allButDeleter interface {
	channel.Adapter
	channel.Verifier
	channel.WebhookRegistrar
	channel.ReadMarker
	channel.ProfileFetcher
	channel.Editor
	channel.Reactor
	channel.CredentialRefresher
	channel.TextChecker
	channel.AccountDescriber
	channel.CustomerIDNormalizer
	channel.TemplateSender
}

type withoutReactor struct{ allButReactor }

type allButReactor interface {
	channel.Adapter
	channel.Verifier
	channel.WebhookRegistrar
	channel.ReadMarker
	channel.ProfileFetcher
	channel.Editor
	channel.Deleter
	channel.CredentialRefresher
	channel.TextChecker
	channel.AccountDescriber
	channel.CustomerIDNormalizer
	channel.TemplateSender
}

type withoutCredentialRefresher struct{ allButCredentialRefresher }

type allButCredentialRefresher interface {
	channel.Adapter
	channel.Verifier
	channel.WebhookRegistrar
	channel.ReadMarker
	channel.ProfileFetcher
	channel.Editor
	channel.Deleter
	channel.Reactor
	channel.TextChecker
	channel.AccountDescriber
	channel.CustomerIDNormalizer
	channel.TemplateSender
}

type withoutTextChecker struct{ allButTextChecker }

type allButTextChecker interface {
	channel.Adapter
	channel.Verifier
	channel.WebhookRegistrar
	channel.ReadMarker
	channel.ProfileFetcher
	channel.Editor
	channel.Deleter
	channel.Reactor
	channel.CredentialRefresher
	channel.AccountDescriber
	channel.CustomerIDNormalizer
	channel.TemplateSender
}

type withoutAccountDescriber struct{ allButAccountDescriber }

type allButAccountDescriber interface {
	channel.Adapter
	channel.Verifier
	channel.WebhookRegistrar
	channel.ReadMarker
	channel.ProfileFetcher
	channel.Editor
	channel.Deleter
	channel.Reactor
	channel.CredentialRefresher
	channel.TextChecker
	channel.CustomerIDNormalizer
	channel.TemplateSender
}

type withoutCustomerIDNormalizer struct{ allButCustomerIDNormalizer }

type allButCustomerIDNormalizer interface {
	channel.Adapter
	channel.Verifier
	channel.WebhookRegistrar
	channel.ReadMarker
	channel.ProfileFetcher
	channel.Editor
	channel.Deleter
	channel.Reactor
	channel.CredentialRefresher
	channel.TextChecker
	channel.AccountDescriber
	channel.TemplateSender
}

type withoutTemplateSender struct{ allButTemplateSender }

type allButTemplateSender interface {
	channel.Adapter
	channel.Verifier
	channel.WebhookRegistrar
	channel.ReadMarker
	channel.ProfileFetcher
	channel.Editor
	channel.Deleter
	channel.Reactor
	channel.CredentialRefresher
	channel.TextChecker
	channel.AccountDescriber
	channel.CustomerIDNormalizer
}
