/** Known passwords for the demo accounts in test databases. */
export const TEST_PASSWORDS = { admin: 'Admin-pass-2024!', demo: 'Demo-pass-2024!' };
