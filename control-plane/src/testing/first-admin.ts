// Test and benchmark helper: the first admin logs in with the initial password and does the forced
// password change; returns the fresh session token. Throws with the answer on any refusal.
export async function firstAdminToken(baseUrl: string, initialPassword: string, newPassword: string, username = 'admin'): Promise<string> {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(baseUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { token: string };
  };
  const first = await post('/api/v1/auth/login', { username, password: initialPassword });
  return (await post('/api/v1/auth/change-password', { currentPassword: initialPassword, newPassword }, first.token)).token;
}
