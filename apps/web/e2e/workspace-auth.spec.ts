import AxeBuilder from "@axe-core/playwright";
import { AUTH_BASE_URL, E2E_ACCESS_TOKEN } from "../playwright.config";
import { expect, screenshot, test } from "./fixtures";

// The workspace on a server started with QQT_ACCESS_TOKEN (the second web server of playwright.config, with its own
// empty database): the API refuses requests without the token, and the sign-in form unlocks the page.
test.use({ baseURL: AUTH_BASE_URL });

const STUDY = {
  format: "qqt.study/v1",
  name: "Behind the token",
  buckets: [{ id: "top0-10", size: 12800000 }],
  observations: [{ pool: ["top0-10"], samplesSeen: 25600000, error: 0.83 }],
};

test.describe("workspace with an access token", () => {
  test("the API answers 401 without the token, and works with it as a bearer header", async ({ request }) => {
    for (const [method, path] of [
      ["GET", "/api/studies"],
      ["POST", "/api/studies"],
      ["GET", "/api/studies/AAAAAAAAAAAAAAAA/versions/1"],
      ["GET", "/api/studies/AAAAAAAAAAAAAAAA/export"],
    ] as const) {
      const response = await request.fetch(path, { method, ...(method === "POST" ? { data: { study: STUDY } } : {}) });
      expect(response.status(), `${method} ${path}`).toBe(401);
      expect(response.headers()["www-authenticate"]).toBe('Bearer realm="qqt"');
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    }
    const wrong = await request.get("/api/studies", { headers: { authorization: "Bearer not-the-token-0123456789" } });
    expect(wrong.status()).toBe(401);
    const created = await request.post("/api/studies", { data: { study: STUDY }, headers: { authorization: `Bearer ${E2E_ACCESS_TOKEN}` } });
    expect(created.status()).toBe(201);
    expect(await (await request.get("/api/session")).json()).toEqual({ authRequired: true, authenticated: false });
  });

  test("the sign-in form refuses a wrong token and unlocks the workspace with the right one", async ({ page, context, guard, request }) => {
    const name = `Signed-in study ${Date.now()}`;
    const created = await request.post("/api/studies", { data: { study: STUDY, name }, headers: { authorization: `Bearer ${E2E_ACCESS_TOKEN}` } });
    expect(created.status()).toBe(201);
    await page.goto("/workspace");
    const token = page.getByLabel("Access token");
    await expect(token).toBeVisible();
    await expect(page.getByTestId("ws-list")).toHaveCount(0);
    await screenshot(page, "workspace-sign-in");
    await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
      .analyze()
      .then((r) => expect(r.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]));

    await token.fill("definitely-not-the-token");
    await page.getByTestId("ws-sign-in").click();
    await expect(page.getByTestId("ws-problem")).toContainText("That is not this server's access token.");
    await expect(token).toHaveAttribute("aria-invalid", "true");

    await token.fill(E2E_ACCESS_TOKEN);
    await token.press("Enter");
    await expect(page.getByTestId("ws-list")).toBeVisible();
    await expect(page.getByRole("link", { name, exact: true })).toBeVisible();

    // The session is an HttpOnly, SameSite=Strict cookie that holds no token; it survives a reload.
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "qqt_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    expect(session!.value).not.toContain(E2E_ACCESS_TOKEN);
    await page.reload();
    await expect(page.getByTestId("ws-list")).toBeVisible();

    await page.getByTestId("ws-sign-out").click();
    await expect(page.getByLabel("Access token")).toBeVisible();
    expect((await context.cookies()).find((c) => c.name === "qqt_session")).toBeUndefined();
    // Signing out closed the session on the server: a copy of the cookie kept from before is refused.
    const replayed = await request.get("/api/studies", { headers: { cookie: `qqt_session=${session!.value}` } });
    expect(replayed.status()).toBe(401);

    // The browser logged the one 401 answer to the wrong token.
    const at = guard.errors.findIndex((e) => /status of 401/.test(e));
    expect(at).toBeGreaterThanOrEqual(0);
    guard.errors.splice(at, 1);
  });
});
