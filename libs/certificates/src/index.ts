export * from './share-certificate';
export * from './verification-reference';
export { toWinAnsi } from './win-ansi';
