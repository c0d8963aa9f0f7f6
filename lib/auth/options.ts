/** next-auth v4 configuration: credentials (email + password) plus optional GitHub / OIDC. */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "../db/client";
import { clientIp, verifyCredentials } from "./credentials";
import { provisionOAuthUser } from "./oauth-users";
import { oauthProviders } from "./providers";
import { tooManyAttemptsMessage } from "./throttle";

// Thrown from authorize(): next-auth forwards the message to the sign-in page as ?error=...
const SIGN_IN_UNAVAILABLE = "Sign-in is unavailable, try again later";

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        if (!email || !password) return null;
        let result;
        try {
          result = await verifyCredentials(getDb(), { email, password, ip: clientIp(req?.headers) });
        } catch (e) {
          console.error("sign-in check failed:", e instanceof Error ? e.message : e);
          throw new Error(SIGN_IN_UNAVAILABLE);
        }
        if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name, role: result.user.role };
        if (result.reason === "throttled") throw new Error(tooManyAttemptsMessage(result.retryAfterMs));
        return null;
      },
    }),
    ...oauthProviders(),
  ],
  callbacks: {
    async signIn({ user, account }) {
      if (!account || account.provider === "credentials") return true;
      const provisioned = await provisionOAuthUser(getDb(), { email: user.email, name: user.name, provider: account.provider });
      return provisioned !== null;
    },
    async jwt({ token, user, account }) {
      if (user && account) {
        if (account.provider === "credentials") {
          token.sub = user.id;
          token.role = user.role;
        } else if (user.email) {
          const dbUser = await getDb().user.findUnique({ where: { email: user.email.trim().toLowerCase() } });
          if (dbUser) {
            token.sub = dbUser.id;
            token.role = dbUser.role;
          }
        }
      }
      return token;
    },
    async session({ session, token }) {
      session.user = {
        id: token.sub ?? "",
        email: token.email ?? "",
        name: token.name ?? "",
        role: token.role ?? "",
      };
      return session;
    },
  },
};
