// A local OpenID Connect provider for the SSO browser test: the certified `oidc-provider` package with its
// development login form (any login and password are accepted; the login becomes the subject). The e-mail
// claim is the login itself when it contains "@", else login@example.test.
// Usage: OIDC_PORT=... OIDC_REDIRECT_URI=http://127.0.0.1:PORT/oauth2callback node provider.mjs
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const configuration = {
  clients: [
    {
      client_id: "cds-test",
      client_secret: "cds-test-secret",
      redirect_uris: [process.env.OIDC_REDIRECT_URI],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  conformIdTokenClaims: false, // put the e-mail in the ID token, where st.user reads it
  pkce: { required: () => false },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["cds-test-cookie-key"] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        const email = id.includes("@") ? id : `${id}@example.test`;
        return { sub: id, email, email_verified: true, name: id };
      },
    };
  },
};

const provider = new Provider(issuer, configuration);
provider.listen(port, "127.0.0.1", () => console.log(`ready ${issuer}`));
