/** Password hashing with bcrypt (pure JS bcryptjs, no native build). */
import bcrypt from "bcryptjs";

const COST = 10;

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return await bcrypt.compare(password, hash);
  } catch {
    return false;
  }
}

// Compared against when the email is unknown, so a missing account costs the same time as a wrong password.
const DUMMY_HASH = bcrypt.hashSync("gatehouse-dummy-password", COST);

export async function burnPasswordCheck(password: string): Promise<void> {
  await bcrypt.compare(password, DUMMY_HASH);
}
