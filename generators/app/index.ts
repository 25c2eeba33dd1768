import Generator from 'yeoman-generator';

export default class AppGenerator extends Generator {
  async writing(): Promise<void> {
    this.fs.write(this.destinationPath('hello.txt'), 'hi\n');
  }
}
