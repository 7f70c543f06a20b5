/** A mutation GP itself would refuse (posting a posted document, holding unposted work...). */
export class GpSimError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GpSimError';
  }
}
