export const name: string = '@esmap/server'
