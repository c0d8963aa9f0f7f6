"use client";
// Errors inside the signed-in pages keep the app shell around the message.
export { default } from "../error";
